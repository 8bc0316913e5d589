"""Writes for the Together network, a module per concept: every change to its records goes through here.

pool (people and their status; it names onboarding's steps and consent too, and common holds
what they share), applications (links to apply), consent_reviews (the daily job), payments
(attendance, rates, claims, expenses), portal (what a person changes about themselves), feedback
and debriefs, data_rights (export, anonymisation, retention). Callers import the module they
need: `from together_network.services import payments`.
"""
