"""Made-up names for demo people (deterministic, so demo data is the same on every run)."""

import random

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Carys",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Hamza",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rhys",
    "Sana",
    "Tom",
    "Una",
    "Vikram",
    "Wren",
    "Yusuf",
    "Zara",
    "Amara",
    "Callum",
    "Dilys",
    "Ewan",
    "Farah",
    "Gethin",
    "Hannah",
    "Imran",
    "Jade",
    "Kofi",
    "Lowri",
    "Mo",
    "Niamh",
]
SURNAMES = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lloyd",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Rees",
    "Singh",
    "Thomas",
    "Usman",
    "Vaughan",
    "Walsh",
    "Young",
    "Zielinski",
]


def names(count: int, *, seed: int) -> list[str]:
    """`count` distinct full names, always the same for the same seed."""
    generator = random.Random(seed)  # noqa: S311  demo data, not security
    pool = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    generator.shuffle(pool)
    return pool[:count]
