"""Involvement requests, approvals, matching and invitations live here (models arrive with that work)."""
