from django.apps import AppConfig


class TogetherNetworkConfig(AppConfig):
    name = "together_network"
    verbose_name = "Together network"

    def ready(self):
        from . import (
            home,  # noqa: F401  registers the network's home-page panels
            sections,
        )
        from .services import invitations, matching

        sections.register()  # what the network adds to other apps' pages
        invitations.connect()  # invitations end with their request
        matching.connect()  # coordinators hear of a request open for matching
