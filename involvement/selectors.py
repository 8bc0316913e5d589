"""Reads for involvement pages, each with what its page needs joined."""
