from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "opencqi.reviews"
    verbose_name = "Peer reviews"
