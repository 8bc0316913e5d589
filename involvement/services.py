"""Writes for involvement requests: every state change goes through here."""
