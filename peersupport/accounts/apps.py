from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peersupport.accounts"
    label = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        from . import permissions  # noqa: F401  registers every permission with rules
