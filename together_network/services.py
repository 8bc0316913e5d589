"""Writes for the Together network: every change to the pool goes through here."""
