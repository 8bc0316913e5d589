"""Writes for the Together network, a module per concept: every change to its records goes through here.

pool (people, onboarding, consent, status), payments (attendance, rates, claims, expenses),
portal (what a person changes about themselves), feedback and debriefs, data_rights (export,
anonymisation, retention). Callers import the module they need: `from together_network.services
import payments`.
"""
