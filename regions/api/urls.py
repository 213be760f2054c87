"""API v1 routes of this app: (prefix, viewset, basename)."""

ROUTES: list = []
