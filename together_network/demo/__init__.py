"""The Together network's part of `seed_demo`, a module per concept."""

from . import pool


def seed(*, expert_user=None) -> None:
    pool.seed(expert_user=expert_user)
