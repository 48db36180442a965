from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "opencqi.site"
    label = "site_shell"
    verbose_name = "OpenCQI site"
