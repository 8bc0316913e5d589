"""The one-command demo and local development: embedded defaults, MFA not forced."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)  # off unless set, even for the demo
# Demo logins reach their home page straight away; set MFA_REQUIRED=true to try the policy.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)

# Static files straight from static/ and the apps (no collectstatic needed for the demo);
# production serves collected files with hashed names (see production.py).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
