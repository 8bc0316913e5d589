"""Workforce pages, a module per concept; `urls.py` names each view by its module."""
