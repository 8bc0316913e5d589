"""The Together network's panels on the home page, a module per concept; importing registers them."""

from . import portal  # noqa: F401
