import os

from django.core.wsgi import get_wsgi_application

# Served processes default to production settings; the demo and `make up` say otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings.production")

application = get_wsgi_application()
