from django.apps import AppConfig


class CountiesConfig(AppConfig):
    name = "opencqi.counties"
