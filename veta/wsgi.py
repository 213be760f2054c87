"""WSGI entry point for Veta."""

import os

from django.core.wsgi import get_wsgi_application

from core.embedded_db import ensure_running

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veta.settings")
ensure_running()
application = get_wsgi_application()
