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

from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.tabular import Problem
from core.uploads import WaitingUploads, check_import_access
from enforcement.importers import (
    REINFO_COLUMNS,
    ImportRefused,
    ImportSummary,
    ReinfoFile,
    TableError,
    import_reinfo,
    read_reinfo_file,
)

PERMISSION = "enforcement.add_reinforecord"
UPLOADS = WaitingUploads("reinfo-import")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
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


# Pages --------------------------------------------------------------------------------


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
    UPLOADS.forget(request)
    choices = {
        "file_name": upload.name,
        "sha256": parsed.sha256,
        "as_of": as_of.isoformat(),
        "is_complete": is_complete,
    }
    if plan is not None:
        choices["token"] = UPLOADS.store(request, data, **choices)
    skip_invalid = form.cleaned_data["skip_invalid"]
    confirm = ConfirmForm(initial={"token": choices.get("token", ""), "skip_invalid": skip_invalid})
    return _preview_page(request, parsed, choices, plan, refusal, confirm)


def _confirm(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST)
    token = request.POST.get("token", "")
    stored = UPLOADS.retrieve(request, token) if form.is_valid() else None
    if stored is None:
        problem = Problem(None, None, _("This upload has expired or was already imported: upload the file again."))
        return _upload_page(request, UploadForm(), [problem], status=400)
    data, choices = stored
    as_of, is_complete = date.fromisoformat(choices["as_of"]), choices["is_complete"]
    try:
        parsed = read_reinfo_file(data, choices["file_name"])
    except TableError as error:
        UPLOADS.forget(request)
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
    UPLOADS.forget(request)
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
    denied = check_import_access(request, PERMISSION)
    if denied is not None:
        return denied
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            UPLOADS.forget(request)
            return _upload_page(request, UploadForm(initial={"is_complete": True}))
        return _confirm(request) if "token" in request.POST else _upload(request)
    return _upload_page(request, UploadForm(initial={"is_complete": True}))
