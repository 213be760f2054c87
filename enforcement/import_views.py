"""/imports/reinfo/: editors upload a published REINFO list, check every row, then confirm.

Three steps on one address, as `manage.py import_reinfo` does them:

1. a form: the file (CSV or XLSX in the published layout), the list's date, whether it is
   the complete list, whether to skip invalid rows;
2. a preview: the first rows, every problem as `line N, COLUMN: problem`, and what the
   import would do (new records, status changes, records no longer listed) — nothing is
   written yet;
3. once confirmed, the same import as the command, in one transaction, and its summary.

Between the preview and the confirmation the uploaded file waits under
<VETA_DATA_DIR>/uploads/ (mode 0600), named by a random token that only the editor's
session knows, together with the file's SHA-256; the confirmation reads it back, checks the
hash and deletes it. Files left by abandoned previews are deleted after a day. With several
application servers, that folder must be shared (or the session sticky).

Only staff users with the permission to add REINFO records reach the page: anonymous users
are sent to the login page, others get 403.
"""

import hashlib
import os
import re
import secrets
import time
from datetime import date
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from enforcement.importers import (
    REINFO_COLUMNS,
    ImportRefused,
    ImportSummary,
    ReinfoFile,
    TableError,
    import_reinfo,
    read_reinfo_file,
)
from veta.embedded_db import project_data_dir
from veta.tabular import Problem

PERMISSION = "enforcement.add_reinforecord"
SESSION_KEY = "reinfo_import"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_LIFETIME_SECONDS = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
TEMPLATE = "enforcement/import_reinfo.html"
# The summary lists the lines it skipped up to this many (the preview listed every problem).
SKIPPED_LINES_SHOWN = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("List file"),
        help_text=gettext_lazy(
            "CSV (UTF-8 or Windows-1252/Latin-1, comma or semicolon separated) or XLSX, at most 50 MB."
        ),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Date of the list"),
        help_text=gettext_lazy("The date the list was published for; status changes are dated by it."),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    is_complete = forms.BooleanField(
        label=gettext_lazy("This is the complete list"),
        help_text=gettext_lazy("Records missing from a complete list are marked as no longer listed."),
        required=False,
        initial=True,
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Skip rows with problems"),
        help_text=gettext_lazy("Import the valid rows and leave out the others, instead of importing nothing."),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Import the valid rows and skip the rows with problems"), required=False
    )


# The waiting file ---------------------------------------------------------------------


def upload_dir() -> Path:
    return project_data_dir(Path(settings.BASE_DIR)) / "uploads"


def _stored_path(token: str) -> Path:
    return upload_dir() / f"reinfo-import-{token}.bin"


def _store(data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; return the token that names it."""
    directory = upload_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for old in directory.glob("reinfo-import-*.bin"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    descriptor = os.open(_stored_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return token


def _stored_upload(request: HttpRequest, token: str) -> tuple[bytes, dict] | None:
    """The file this session uploaded under this token, unchanged, and the choices made with it."""
    stored = request.session.get(SESSION_KEY) or {}
    if not TOKEN_PATTERN.match(token) or not secrets.compare_digest(stored.get("token", ""), token):
        return None
    try:
        data = _stored_path(token).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != stored.get("sha256"):
        return None
    return data, stored


def _forget(request: HttpRequest) -> None:
    stored = request.session.pop(SESSION_KEY, None) or {}
    token = stored.get("token", "")
    if TOKEN_PATTERN.match(token):
        _stored_path(token).unlink(missing_ok=True)


# Pages --------------------------------------------------------------------------------


def _check_access(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (user.is_active and user.is_staff and user.has_perm(PERMISSION)):
        raise PermissionDenied
    return None


def _columns() -> list[tuple[str, list[str], bool]]:
    return [(column.label, list(column.aliases), column.required) for column in REINFO_COLUMNS]


def _upload_page(
    request: HttpRequest, form: UploadForm, problems: list[Problem] | None = None, status: int = 200
) -> HttpResponse:
    context = {"stage": "upload", "form": form, "problems": problems or [], "columns": _columns()}
    return render(request, TEMPLATE, context, status=status)


def _preview_page(
    request: HttpRequest,
    parsed: ReinfoFile,
    choices: dict,
    plan: ImportSummary | None,
    refusal: list[Problem],
    form: ConfirmForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "stage": "preview",
        "parsed": parsed,
        "as_of": date.fromisoformat(choices["as_of"]),
        "is_complete": choices["is_complete"],
        "plan": plan,
        "refusal": refusal,
        "form": form,
        "can_import": plan is not None and not refusal,
    }
    return render(request, TEMPLATE, context, status=status)


def _plan(parsed: ReinfoFile, as_of: date, is_complete: bool) -> tuple[ImportSummary | None, list[Problem]]:
    """What importing would do, or why it cannot be done; writes nothing."""
    try:
        return import_reinfo(parsed, as_of, is_complete=is_complete, skip_invalid=True, dry_run=True), []
    except ImportRefused as refused:
        return None, refused.problems


def _upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        parsed = read_reinfo_file(data, upload.name)
    except TableError as error:
        return _upload_page(request, form, error.problems, status=400)
    as_of, is_complete = form.cleaned_data["as_of"], form.cleaned_data["is_complete"]
    plan, refusal = _plan(parsed, as_of, is_complete)
    _forget(request)
    choices = {
        "file_name": upload.name,
        "sha256": parsed.sha256,
        "as_of": as_of.isoformat(),
        "is_complete": is_complete,
    }
    if plan is not None:
        choices["token"] = _store(data)
        request.session[SESSION_KEY] = choices
    skip_invalid = form.cleaned_data["skip_invalid"]
    confirm = ConfirmForm(initial={"token": choices.get("token", ""), "skip_invalid": skip_invalid})
    return _preview_page(request, parsed, choices, plan, refusal, confirm)


def _confirm(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST)
    token = request.POST.get("token", "")
    stored = _stored_upload(request, token) if form.is_valid() else None
    if stored is None:
        problem = Problem(None, None, _("This upload has expired or was already imported: upload the file again."))
        return _upload_page(request, UploadForm(), [problem], status=400)
    data, choices = stored
    as_of, is_complete = date.fromisoformat(choices["as_of"]), choices["is_complete"]
    try:
        parsed = read_reinfo_file(data, choices["file_name"])
    except TableError as error:
        _forget(request)
        return _upload_page(request, UploadForm(), error.problems, status=400)
    try:
        summary = import_reinfo(parsed, as_of, is_complete=is_complete, skip_invalid=form.cleaned_data["skip_invalid"])
    except ImportRefused as refused:
        # Rows have problems and the editor did not ask to skip them, or the snapshots
        # changed since the preview: show the preview again, with the reason.
        plan, refusal = _plan(parsed, as_of, is_complete)
        if plan is not None and not parsed.problems:
            refusal = refused.problems
        return _preview_page(request, parsed, choices, plan, refusal, form, status=400)
    _forget(request)
    skipped = parsed.invalid_lines
    context = {
        "stage": "done",
        "summary": summary,
        "skipped_lines": skipped[:SKIPPED_LINES_SHOWN],
        "more_skipped": max(len(skipped) - SKIPPED_LINES_SHOWN, 0),
    }
    return render(request, TEMPLATE, context)


@require_http_methods(["GET", "POST"])
def reinfo_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview with every problem → confirm → summary."""
    denied = _check_access(request)
    if denied is not None:
        return denied
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            _forget(request)
            return _upload_page(request, UploadForm(initial={"is_complete": True}))
        return _confirm(request) if "token" in request.POST else _upload(request)
    return _upload_page(request, UploadForm(initial={"is_complete": True}))
