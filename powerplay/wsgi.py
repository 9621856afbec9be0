"""WSGI entry point, used by gunicorn in production."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powerplay.settings")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # As manage.py says it: one sentence, not a traceback in the server's log.
    sys.exit(f"Power Play cannot start: {error}")
