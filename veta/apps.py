from django.apps import AppConfig


class VetaConfig(AppConfig):
    name = "veta"
    verbose_name = "Veta"
