"""/intake/: an editor pastes an article (or uploads several), checks the proposal and its evidence,
corrects it, and saves a draft or attaches the article to an incident Veta already holds.

Only editors and reviewers reach the page. Proposing writes nothing; the draft goes into the
usual moderation, and a reviewer decides what is published.
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.choices import DatePrecision, PlacePrecision, Wording
from core.uploads import check_import_access
from enforcement.choices import Agency, OperationKind
from incidents.choices import FIGURE_OUTCOMES, IncidentType
from incidents.models import Incident
from overview.intake import kinds, services
from overview.intake.parse import Article
from overview.intake.text import MAX_CHARS, IntakeError, decode_bytes
from regions.models import Region

PERMISSION = "incidents.add_incident"
MAX_FILES = 20
MAX_FILE_BYTES = MAX_CHARS * 4


class ArticleForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Article text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        strip=False,
        help_text=gettext_lazy("Plain text in Spanish or English; HTML markup is removed."),
    )
    url = forms.URLField(label=gettext_lazy("Address (URL)"), required=False, max_length=1000, assume_scheme="https")
    outlet = forms.CharField(label=gettext_lazy("Outlet"), required=False, max_length=200)
    published_on = forms.DateField(
        label=gettext_lazy("Published on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("“el jueves”, “last week” are read against it."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[("", gettext_lazy("detect")), ("es", gettext_lazy("Spanish")), ("en", gettext_lazy("English"))],
    )


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadForm(forms.Form):
    files = forms.FileField(
        label=gettext_lazy("Or upload articles"),
        required=False,
        widget=MultipleFiles(attrs={"accept": ".txt,.csv,text/plain,text/csv"}),
        help_text=gettext_lazy(
            "Plain-text files (one article each) or a CSV with columns text, url, outlet, published_on (one article a row)."  # noqa: E501
        ),
    )


def _figure_fields() -> dict:
    fields = {}
    for outcome in FIGURE_OUTCOMES:
        fields[f"{outcome}"] = forms.IntegerField(label=outcome.label, required=False, min_value=0)
        fields[f"{outcome}_wording"] = forms.ChoiceField(
            label=gettext_lazy("wording"), choices=Wording.choices, initial=Wording.EXACT, required=False
        )
    return fields


class DraftForm(forms.Form):
    """The proposal as the editor corrects it; Veta's rules are checked again when it is saved."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Record"),
        choices=[
            (kinds.Kind.INCIDENT, gettext_lazy("incident")),
            (kinds.Kind.OPERATION, gettext_lazy("enforcement operation")),
        ],
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    incident_type = forms.ChoiceField(label=gettext_lazy("Type"), choices=IncidentType.choices, required=False)
    operation_kind = forms.ChoiceField(
        label=gettext_lazy("Operation kind"), choices=OperationKind.choices, required=False
    )
    agencies = forms.MultipleChoiceField(
        label=gettext_lazy("Agencies"), choices=Agency.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    value_destroyed = forms.DecimalField(
        label=gettext_lazy("Value destroyed (S/)"), required=False, min_value=0, decimal_places=2, max_digits=16
    )
    arrests = forms.IntegerField(label=gettext_lazy("Arrests"), required=False, min_value=0)
    date_start = forms.DateField(label=gettext_lazy("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    date_end = forms.DateField(
        label=gettext_lazy("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_precision = forms.ChoiceField(label=gettext_lazy("Date precision"), choices=DatePrecision.choices)
    region = forms.ChoiceField(label=gettext_lazy("Region"))
    province = forms.CharField(label=gettext_lazy("Province (INEI code)"), required=False, max_length=4)
    district = forms.CharField(label=gettext_lazy("District (INEI code)"), required=False, max_length=6)
    place_precision = forms.ChoiceField(label=gettext_lazy("Place precision"), choices=PlacePrecision.choices)
    location_name = forms.CharField(label=gettext_lazy("Named place"), required=False, max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    submit_for_review = forms.BooleanField(label=gettext_lazy("Submit the draft for review at once"), required=False)
    locals().update(_figure_fields())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", "—"),
            *Region.objects.order_by("display_name").values_list("code", "display_name"),
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == kinds.Kind.INCIDENT and not data.get("incident_type"):
            self.add_error("incident_type", _("Choose the type of incident."))
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and end < start:
            self.add_error("date_end", _("The end date is before the start date."))
        return data

    def figures(self) -> dict:
        return {
            outcome: {
                "value": self.cleaned_data[outcome],
                "wording": self.cleaned_data.get(f"{outcome}_wording") or Wording.EXACT,
            }
            for outcome in FIGURE_OUTCOMES
            if self.cleaned_data.get(outcome) is not None
        }

    OPERATION_FIELDS = ("operation_kind", "agencies", "value_destroyed", "arrests")
    INCIDENT_FIELDS = (
        "incident_type",
        "submit_for_review",
        *FIGURE_OUTCOMES,
        *(f"{o}_wording" for o in FIGURE_OUTCOMES),
    )

    def common_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.OPERATION_FIELDS + self.INCIDENT_FIELDS]

    def operation_fields(self) -> list:
        return [self[name] for name in self.OPERATION_FIELDS]

    def figure_rows(self) -> list:
        return [(self[outcome], self[f"{outcome}_wording"]) for outcome in FIGURE_OUTCOMES]


def initial_from(proposal) -> dict:
    record = proposal.operation or proposal.incident or {}
    initial = {
        "kind": kinds.Kind.OPERATION if proposal.operation else kinds.Kind.INCIDENT,
        **{
            k: record.get(k)
            for k in (
                "title",
                "date_start",
                "date_end",
                "date_precision",
                "region",
                "province",
                "district",
                "place_precision",
                "location_name",
            )
        },
        "incident_type": record.get("incident_type"),
        "operation_kind": record.get("kind") if proposal.operation else None,
        "agencies": record.get("agencies") or [],
        "value_destroyed": record.get("value_destroyed"),
        "arrests": record.get("arrests"),
    }
    for outcome, figure in (record.get("figures") or {}).items():
        initial[outcome] = figure["value"]
        initial[f"{outcome}_wording"] = figure["wording"]
    return initial


def highlighted(text: str, evidence) -> list[tuple[str, str]]:
    """The text cut into (piece, field) pairs: field is '' for plain text, else the value it is evidence of."""
    spans = sorted({(e.start, e.end, e.field) for e in evidence})
    pieces, position = [], 0
    for start, end, field in spans:
        if start < position:
            continue
        pieces.append((text[position:start], ""))
        pieces.append((text[start:end], field))
        position = end
    pieces.append((text[position:], ""))
    return pieces


def _article(form: ArticleForm) -> Article:
    data = form.cleaned_data
    return Article(
        text=data.get("text") or "",
        url=data.get("url") or "",
        outlet=data.get("outlet") or "",
        published_on=data.get("published_on"),
        language=data.get("language") or "",
    )


def _uploaded_articles(files, defaults: Article) -> tuple[list[tuple[str, Article]], list[str]]:
    """Each uploaded file's articles, named, and the problems of those that could not be read."""
    articles, problems = [], []
    for upload in files[:MAX_FILES]:
        if upload.size > MAX_FILE_BYTES * (20 if upload.name.lower().endswith(".csv") else 1):
            problems.append(_("%(name)s: the file is too large.") % {"name": upload.name})
            continue
        try:
            decoded = decode_bytes(upload.read(), upload.name)
        except IntakeError as error:
            problems.append(f"{upload.name}: {error.message}")
            continue
        if upload.name.lower().endswith(".csv"):
            reader = csv.DictReader(io.StringIO(decoded.text))
            if not reader.fieldnames or "text" not in reader.fieldnames:
                problems.append(_("%(name)s: a CSV needs a column “text”.") % {"name": upload.name})
                continue
            for number, row in enumerate(reader, start=2):
                try:
                    published = services.parse_article_date(row.get("published_on")) or defaults.published_on
                except IntakeError as error:
                    problems.append(f"{upload.name}, line {number}: published_on: {error.message}")
                    continue
                articles.append(
                    (
                        f"{upload.name}, line {number}",
                        Article(
                            row.get("text") or "", (row.get("url") or "").strip(), row.get("outlet") or "", published
                        ),
                    )
                )
        else:
            articles.append((upload.name, Article(decoded.text, "", defaults.outlet, defaults.published_on)))
    if len(files) > MAX_FILES:
        problems.append(_("Only the first %(count)s files were read.") % {"count": MAX_FILES})
    return articles, problems


def _page(request, **context) -> HttpResponse:
    status = context.pop("status", 200)
    context.setdefault("article_form", ArticleForm())
    context.setdefault("upload_form", UploadForm())
    return render(request, "intake/intake.html", context, status=status)


def _proposal_context(proposal, article_form: ArticleForm, draft_form: DraftForm | None = None) -> dict:
    candidates = proposal.candidates
    ids = [c["incident"] for c in candidates]
    if proposal.follow_up_of and proposal.follow_up_of not in ids:
        ids.append(proposal.follow_up_of)
    return {
        "proposal": proposal,
        "article_form": article_form,
        "draft_form": draft_form or DraftForm(initial=initial_from(proposal)),
        "pieces": highlighted(proposal.text, proposal.evidence),
        "draftable": proposal.kind in (kinds.Kind.INCIDENT, kinds.Kind.OPERATION, kinds.Kind.FOLLOW_UP),
        "candidate_incidents": Incident.objects.in_bulk(ids),
    }


@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    refused = check_import_access(request, PERMISSION)
    if refused:
        return refused
    if request.method == "GET":
        return _page(request)
    action = "attach" if request.POST.get("attach") else request.POST.get("action", "propose")
    article_form = ArticleForm(request.POST)
    if not article_form.is_valid():
        return _page(request, article_form=article_form, status=400)
    article = _article(article_form)
    files = request.FILES.getlist("files")
    if action == "propose" and files:
        reader = services.Reader.load()
        uploaded, problems = _uploaded_articles(files, article)
        batch = []
        for name, item in uploaded:
            try:
                batch.append((name, item, services.propose(item, reader), ""))
            except IntakeError as error:
                batch.append((name, item, None, error.message))
        return _page(request, article_form=article_form, batch=batch, problems=problems)
    try:
        proposal = services.propose(article)
    except IntakeError as error:
        article_form.add_error(None, error.message)
        return _page(request, article_form=article_form, status=400)
    source_data = {**proposal.source, "published_on": article.published_on}
    if action == "attach":
        incident = Incident.objects.filter(pk=request.POST.get("attach") or 0).first()
        if incident is None:
            messages.error(request, _("Choose an incident to attach the article to."))
            return _page(request, **_proposal_context(proposal, article_form), status=400)
        draft_form = DraftForm(request.POST)
        draft_form.is_valid()
        figures = draft_form.figures() if hasattr(draft_form, "cleaned_data") else {}
        done = services.attach(source_data, incident, figures, request.user)
        messages.success(
            request,
            _("The article was added to incident #%(id)s as a source with its claim.") % {"id": incident.pk},
        )
        return HttpResponseRedirect(reverse("admin:incidents_incident_change", args=[done.record.pk]))
    if action == "draft":
        draft_form = DraftForm(request.POST)
        if not draft_form.is_valid():
            return _page(request, **_proposal_context(proposal, article_form, draft_form), status=400)
        data = draft_form.cleaned_data
        record = {
            **data,
            "figures": draft_form.figures(),
            "actors": (proposal.incident or {}).get("actors") or [],
            "site": (proposal.incident or proposal.operation or {}).get("site"),
            "machinery": (proposal.operation or {}).get("machinery") or {},
        }
        try:
            done = services.create_draft(source_data, record, data["kind"], request.user, data["submit_for_review"])
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                name = {"region_id": "region", "province_id": "province", "district_id": "district"}.get(field, field)
                draft_form.add_error(name if name in draft_form.fields else None, errors)
            return _page(request, **_proposal_context(proposal, article_form, draft_form), status=400)
        messages.success(
            request,
            _("Draft saved: %(record)s (%(status)s). A reviewer decides whether it is published.")
            % {"record": done.record, "status": done.record.get_status_display()},
        )
        model = done.record._meta
        return HttpResponseRedirect(
            reverse(f"admin:{model.app_label}_{model.model_name}_change", args=[done.record.pk])
        )
    return _page(request, **_proposal_context(proposal, article_form))
