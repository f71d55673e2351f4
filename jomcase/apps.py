from django.apps import AppConfig


class JomcaseConfig(AppConfig):
    name = "jomcase"
    verbose_name = "Organisation and staff"
