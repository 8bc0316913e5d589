"""The Together network's panels on the home page, a module per concept; importing registers them."""

from . import payments, pool, portal  # noqa: F401
