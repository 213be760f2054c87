"""Files an editor uploaded for import, kept between the preview and the confirmation.

An upload waits in `<VETA_DATA_DIR>/uploads/` (mode 0600) under a random token that only
the editor's session holds, together with the file's SHA-256; on confirmation the file is
read back only if the token matches the session and the content is unchanged. Files older
than a day are removed whenever a new one is stored.
"""

import hashlib
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.embedded_db import project_data_dir

UPLOAD_LIFETIME_SECONDS = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def upload_dir() -> Path:
    return project_data_dir(Path(settings.BASE_DIR)) / "uploads"


class WaitingUploads:
    """One kind of import's waiting files ("reinfo-import", "incident-import")."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.session_key = kind.replace("-", "_")

    def path(self, token: str) -> Path:
        return upload_dir() / f"{self.kind}-{token}.bin"

    def store(self, request: HttpRequest, data: bytes, **choices) -> str:
        """Keep `data` for this session, with the choices made with it; return its token."""
        self.forget(request)
        directory = upload_dir()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
        for old in directory.glob(f"{self.kind}-*.bin"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        token = secrets.token_urlsafe(24)
        descriptor = os.open(self.path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        request.session[self.session_key] = {**choices, "token": token, "sha256": hashlib.sha256(data).hexdigest()}
        return token

    def retrieve(self, request: HttpRequest, token: str) -> tuple[bytes, dict] | None:
        """The file this session stored under `token`, unchanged, and its choices; else None."""
        stored = request.session.get(self.session_key) or {}
        if not TOKEN_PATTERN.match(token) or not secrets.compare_digest(stored.get("token", ""), token):
            return None
        try:
            data = self.path(token).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != stored.get("sha256"):
            return None
        return data, stored

    def forget(self, request: HttpRequest) -> None:
        stored = request.session.pop(self.session_key, None) or {}
        token = stored.get("token", "")
        if TOKEN_PATTERN.match(token):
            self.path(token).unlink(missing_ok=True)


def check_import_access(request: HttpRequest, permission: str) -> HttpResponse | None:
    """Send anonymous users to sign in; refuse users without `permission` (staff only)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (user.is_active and user.is_staff and user.has_perm(permission)):
        raise PermissionDenied
    return None
