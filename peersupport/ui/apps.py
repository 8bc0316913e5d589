from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "peersupport.ui"
    label = "ui"
    verbose_name = "NHS.UK interface"
