"""Experts by experience, onboarding, consent and payments live here (models arrive with that work)."""
