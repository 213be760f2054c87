"""/imports/incidents/: editors upload an incident spreadsheet, check every row, then confirm.

Three steps on one address, like the REINFO import: a form to upload a file (CSV or
XLSX in the layout of docs/import-format.md); a preview of the first rows and every
problem, with what importing would do; and, once confirmed, the summary. Between the
preview and the confirmation the file waits under <VETA_DATA_DIR>/uploads/, named by a
random token kept in the editor's session; nothing is written before the confirmation.
Only users who may add incidents reach the page.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.tabular import Problem
from core.uploads import WaitingUploads, check_import_access
from incidents.choices import FIGURE_OUTCOMES, IncidentType
from incidents.importers import (
    INCIDENT_COLUMNS,
    ImportRefused,
    IncidentFile,
    TableError,
    import_incidents,
    read_incident_file,
)
from regions.models import District, Province, Region

PERMISSION = "incidents.add_incident"
UPLOADS = WaitingUploads("incident-import")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX, at most 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: split it into several files."))
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    skip_invalid = forms.BooleanField(
        required=False, label=gettext_lazy("Import the valid rows and skip the ones with problems")
    )


# What each column holds, for the page (docs/import-format.md has the full description).
COLUMN_HELP = {
    "import_key": gettext_lazy("Your identifier of the incident, up to 100 characters; a re-import updates it."),
    "title": gettext_lazy("Short description of what happened."),
    "type": format_lazy(gettext_lazy("Incident type code: {codes}."), codes=", ".join(IncidentType.values)),
    "date_start": gettext_lazy("First day, YYYY-MM-DD or DD/MM/YYYY; any day of the month or year for those."),
    "date_end": gettext_lazy("Last day of a range of days or a week; empty otherwise."),
    "date_precision": gettext_lazy("day (default), days, week, month or year."),
    "region": gettext_lazy("Region: INEI code or name, accents optional."),
    "province": gettext_lazy("Province, only when a source names it: code or name."),
    "district": gettext_lazy("District, only when a source names it: code or name."),
    "place_precision": gettext_lazy("exact, near, district, province or region; default: the finest level given."),
    "location_name": gettext_lazy("The named place as sources give it."),
    "latitude": gettext_lazy("Decimal degrees, with longitude; needed for exact and near."),
    "longitude": gettext_lazy("Decimal degrees, with latitude."),
    "description": gettext_lazy("What happened, in your words."),
    "source_url": gettext_lazy("Source addresses separated by |; the first one gives the claim's figures."),
    "source_title": gettext_lazy("Titles, one per address (|), needed for sources Veta does not have yet."),
    "source_outlet": gettext_lazy("Outlets, one per address (|)."),
    "source_published_on": gettext_lazy("Publication dates, one per address (|)."),
    "claimed_on": gettext_lazy("Date of the figures; default: the first source's date, else the last day."),
    "killed": gettext_lazy("People killed, as the first source gives it."),
    "injured": gettext_lazy("People injured."),
    "missing": gettext_lazy("People missing."),
    "kidnapped": gettext_lazy("People kidnapped."),
    "rescued": gettext_lazy("People rescued or found alive."),
    "wording": gettext_lazy("exact (default), at_least, about or up_to."),
    "grade": gettext_lazy("confirmed, reliable, single_source (default), contested or discounted."),
    "claim_notes": gettext_lazy("Notes on the claim."),
    "casualty_role": gettext_lazy("miner, security_forces, civilian, assailant or unknown: records the figures "
                                  "as casualties of that role."),
    "perpetrators": gettext_lazy("Names of actors already in Veta, separated by |."),
    "targets": gettext_lazy("Names of actors already in Veta, separated by |."),
}  # fmt: skip


def _columns() -> list[tuple[str, bool, str]]:
    return [(column.label, column.required, COLUMN_HELP.get(column.key, "")) for column in INCIDENT_COLUMNS]


def _upload_page(request: HttpRequest, form: UploadForm, problems: list[Problem] | None = None, status: int = 200):
    context = {"form": form, "problems": problems or [], "columns": _columns()}
    return render(request, "incidents/import_upload.html", context, status=status)


def _preview_rows(parsed: IncidentFile) -> list[dict]:
    rows = parsed.preview
    codes = {code for row in rows for code in (row.fields["district_id"], row.fields["province_id"]) if code}
    names = {
        **{region.code: region.display_name for region in Region.objects.all()},
        **{code: province.display_name for code, province in Province.objects.in_bulk(codes).items()},
        **{code: district.display_name for code, district in District.objects.in_bulk(codes).items()},
    }
    preview = []
    for row in rows:
        place = [names.get(row.fields[key], "") for key in ("district_id", "province_id", "region_id")]
        figures = row.claim.figures if row.claim else {}
        preview.append(
            {
                "line": row.line,
                "import_key": row.import_key,
                "title": row.fields["title"],
                "type": IncidentType(row.fields["incident_type"]).label,
                "date": row.incident().date_label,
                "place": ", ".join(name for name in place if name),
                "figures": [
                    (outcome.label, figures[outcome.value]) for outcome in FIGURE_OUTCOMES if outcome.value in figures
                ],
                "sources": len(row.sources),
                "action": row.action,
            }
        )
    return preview


def _preview_page(request: HttpRequest, parsed: IncidentFile, token: str, form: ConfirmForm | None = None):
    context = {
        "parsed": parsed,
        "preview": _preview_rows(parsed),
        "counts": {action: parsed.count(action) for action in ("new", "update", "unchanged")},
        "to_write": parsed.count("new") + parsed.count("update"),
        "form": form or ConfirmForm(initial={"token": token}),
    }
    return render(request, "incidents/import_preview.html", context)


def _upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        parsed = read_incident_file(data, upload.name)
    except TableError as error:
        return _upload_page(request, form, error.problems, status=400)
    token = UPLOADS.store(request, data, file_name=upload.name)
    return _preview_page(request, parsed, token)


def _confirm(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST)
    token = request.POST.get("token", "")
    stored = UPLOADS.retrieve(request, token) if form.is_valid() else None
    if stored is None:
        problem = Problem(None, None, _("This upload has expired or was already imported: upload the file again."))
        return _upload_page(request, UploadForm(), [problem], status=400)
    data, choices = stored
    file_name = choices["file_name"]
    try:
        parsed = read_incident_file(data, file_name)
        summary = import_incidents(parsed, skip_invalid=form.cleaned_data["skip_invalid"])
    except TableError as error:
        UPLOADS.forget(request)
        return _upload_page(request, UploadForm(), error.problems, status=400)
    except ImportRefused as error:
        # Rows have problems (perhaps new ones: an incident was published meanwhile) and
        # the editor did not ask to skip them, or no row is valid: show the preview again.
        if not parsed.problems:
            parsed.problems = error.problems
        response = _preview_page(request, parsed, token, form)
        response.status_code = 400
        return response
    UPLOADS.forget(request)
    admin_drafts = reverse("admin:incidents_incident_changelist") + "?status__exact=draft"
    return render(request, "incidents/import_done.html", {"summary": summary, "admin_drafts": admin_drafts})


@require_http_methods(["GET", "POST"])
def incident_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview with every problem → confirm → summary."""
    denied = check_import_access(request, PERMISSION)
    if denied is not None:
        return denied
    if request.method == "POST":
        return _confirm(request) if "token" in request.POST else _upload(request)
    return _upload_page(request, UploadForm())
