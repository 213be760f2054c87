"""ASGI entry point for Veta."""

import os

from django.core.asgi import get_asgi_application

from core.embedded_db import ensure_running

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veta.settings")
ensure_running()
application = get_asgi_application()
