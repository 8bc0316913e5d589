"""Reads for Together network pages, a module per concept; each returns what its page needs joined."""

from .portal import PAST_SHOWN, expert_of, portal_invitations

__all__ = ["PAST_SHOWN", "expert_of", "portal_invitations"]
