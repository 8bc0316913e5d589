"""The demo: `manage.py seed_demo` builds a trust's worth of records through every app's services.

It sits on top of every app (docs/adr/0017-app-boundaries.md): it may call any of them, and none
of them calls it. A module per app's story: workforce, network_pool, involvement, network_payments,
network_feedback.
"""
