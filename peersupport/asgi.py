import os

from django.core.asgi import get_asgi_application

# Served processes default to production settings; the demo and `make up` say otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings.production")

application = get_asgi_application()
