"""Reads for workforce pages, a module per concept: each returns what its page needs joined.

people (the list, a profile, the home page's counts), compliance (training and supervision),
organisation (services and teams), pathway, catalogue, establishment, dashboard, and counting
(the rules every figure shares). Callers import the module they need:
`from workforce.selectors import people`.
"""
