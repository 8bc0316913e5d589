"""Involvement pages, a module per concept: requests (the list, the form, a request and its
actions, the decision) and outcomes ("you said, we did")."""
