from django.apps import AppConfig


class CasedataConfig(AppConfig):
    name = "opencqi.casedata"
