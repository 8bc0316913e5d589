from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts are made by admins (or, later, by invitation)."""

    def is_open_for_signup(self, request) -> bool:
        return False
