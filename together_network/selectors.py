"""Reads for Together network pages, each with what its page needs joined."""
