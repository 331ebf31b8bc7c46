from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "avance.backups"
    verbose_name = "Backups"
