from django.apps import AppConfig


class QasConfig(AppConfig):
    name = "qas"
