"""Made-up names for factories that a page shows as typed.

Faker's British names include apostrophes ("O'Sullivan"), which a page shows HTML-escaped, so a
test looking for the name as typed would fail now and then. Tests that are about such names
give one explicitly; everyone else gets a name without.
"""

import factory
from faker import Faker

_faker = Faker("en_GB")


def plain_name() -> str:
    return _faker.name().replace("'", "")


PlainName = factory.LazyFunction(plain_name)
