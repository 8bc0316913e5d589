"""Writes for involvement, a module per concept: every change to a request goes through here.

requests (a request's transitions: create, submit, approve, decline, redirect, withdraw, confirm,
cancel, complete, close, expire; the PSW allowance they hold to), outcomes ("you said, we did")
and reminders (the scheduled approval reminders and weekly digest). Callers import the module
they need: `from involvement.services import requests as request_services`.
"""
