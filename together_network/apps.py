from django.apps import AppConfig


class TogetherNetworkConfig(AppConfig):
    name = "together_network"
    verbose_name = "Together network"

    def ready(self):
        from . import home  # noqa: F401  registers the network's home-page panels
