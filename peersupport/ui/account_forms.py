"""The sign-in forms (allauth's) with the same wording and input guards as every other form.

Named in `ACCOUNT_FORMS`, so the login, password reset and sign-in code pages refuse hidden control
characters and addresses no email can be sent to with a message, instead of failing while sending.
"""

from allauth.account import forms as allauth_forms

from peersupport.ui.forms import NHSFormMixin


class LoginForm(NHSFormMixin, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(NHSFormMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(NHSFormMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class RequestLoginCodeForm(NHSFormMixin, allauth_forms.RequestLoginCodeForm):
    pass


class ConfirmLoginCodeForm(NHSFormMixin, allauth_forms.ConfirmLoginCodeForm):
    pass
