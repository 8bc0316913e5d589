"""The login, password and two-step verification forms (django-allauth's), with the NHS.UK error wording.

allauth's own forms say "This field is required." for every empty box. These subclasses take the
product's wording from `NHSFormMixin` and name the boxes as a person sees them ("Enter your email
address", "Enter the code from your authenticator app"). Settings point `ACCOUNT_FORMS` and
`MFA_FORMS` here; the adapters in `peersupport.accounts` word allauth's other messages.
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa
from allauth.mfa.totp import forms as totp

from peersupport.ui.forms import NHSFormMixin

EMAIL = {
    "required": "Enter your email address",
    "invalid": "Enter your email address in the correct format, like name@example.com",
}
PASSWORD = {"required": "Enter your password"}
NEW_PASSWORD = {"required": "Enter a new password"}
NEW_PASSWORD_AGAIN = {"required": "Enter the new password again"}
EMAILED_CODE = {"required": "Enter the code from the email we sent you"}
APP_CODE = {"required": "Enter the code from your authenticator app"}


class WordedForm(NHSFormMixin):
    """Sets each named field's messages, then leaves the rest to the NHS.UK wording made from labels."""

    messages: dict[str, dict[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, messages in self.messages.items():
            if name in self.fields:
                self.fields[name].error_messages.update(messages)


class LoginForm(WordedForm, account.LoginForm):
    messages = {"login": EMAIL, "password": PASSWORD}


class RequestLoginCodeForm(WordedForm, account.RequestLoginCodeForm):
    messages = {"email": EMAIL}


class ConfirmLoginCodeForm(WordedForm, account.ConfirmLoginCodeForm):
    messages = {"code": EMAILED_CODE}


class ResetPasswordForm(WordedForm, account.ResetPasswordForm):
    messages = {"email": EMAIL}


class ResetPasswordKeyForm(WordedForm, account.ResetPasswordKeyForm):
    messages = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}


class ChangePasswordForm(WordedForm, account.ChangePasswordForm):
    messages = {"oldpassword": {"required": "Enter your current password"}, **ResetPasswordKeyForm.messages}


class SetPasswordForm(WordedForm, account.SetPasswordForm):
    messages = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}


class ReauthenticateForm(WordedForm, account.ReauthenticateForm):
    messages = {"password": PASSWORD}


class AuthenticateForm(WordedForm, mfa.AuthenticateForm):
    messages = {"code": {"required": "Enter the code from your authenticator app, or a recovery code"}}


class MFAReauthenticateForm(WordedForm, mfa.ReauthenticateForm):
    messages = AuthenticateForm.messages


class ActivateTOTPForm(WordedForm, totp.ActivateTOTPForm):
    messages = {"code": APP_CODE}
