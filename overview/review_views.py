"""The review queue: everything in review, oldest first, with what changed since it was last published,
and the proposed revisions of published records.

Reviewers (users who may publish incidents, operations or mining sites) see here every
record submitted for review, ordered by when it entered review (read from its history
events), each with the fields that differ from its last published version, or "new
record" when it was never published, and buttons to publish it or return it to draft.
The buttons post back here and go through core.moderation, like the admin and the API.

Below them come the proposed revisions (`core.revisions`): editors' changes to published
records, kept aside, each field beside its published value, with a button to accept it
(and an optional public correction note) and one to return it with a reason.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from core import moderation, revisions
from core.choices import ModerationStatus, RevisionStatus
from core.history import display_value, related_names
from core.models import Revision

# (app label, model, public page's URL name) of the records that go through review.
REVIEWED = (
    ("incidents", "Incident", "incident-detail"),
    ("enforcement", "EnforcementOperation", "operation-detail"),
    ("regions", "MiningSite", "site-detail"),
)
# Fields a review does not compare: keys, timestamps and the editorial state itself.
NOT_COMPARED = {"id", "status", "published_at", "retraction_reason", "created_at", "updated_at", "import_key"}
# The moves the queue offers.
QUEUE_ACTIONS = (moderation.PUBLISH, moderation.RETURN_TO_DRAFT)
ACCEPT_REVISION = "accept_revision"
RETURN_REVISION = "return_revision"


@dataclass
class Change:
    field: str
    published: str
    current: str


@dataclass
class QueueItem:
    record: models.Model
    kind: str
    key: str
    entered_review: object
    admin_url: str
    public_url: str
    is_new: bool
    changes: list[Change] = field(default_factory=list)
    moves: list = field(default_factory=list)


@dataclass
class RevisionItem:
    revision: Revision
    record: models.Model
    kind: str
    admin_url: str
    public_url: str
    changes: list[revisions.Change]


def revision_items(user) -> list[RevisionItem]:
    """The proposed revisions the user may decide, oldest first, each beside its record's published values."""
    urls = {model._meta.label_lower: url_name for model, url_name in reviewed_models().values()}
    proposed = list(
        Revision.objects.filter(
            status=RevisionStatus.PROPOSED, model_label__in=revisions.reviewable_labels(user)
        ).select_related("proposed_by")
    )
    by_model: dict[str, list[int]] = {}
    for revision in proposed:
        by_model.setdefault(revision.model_label, []).append(revision.object_id)
    records = {
        (label, pk): record
        for label, pks in by_model.items()
        for pk, record in apps.get_model(label)._base_manager.in_bulk(pks).items()
    }
    items = []
    for revision in proposed:
        record = records.get((revision.model_label, revision.object_id))
        if record is None:
            continue
        meta = record._meta
        items.append(
            RevisionItem(
                revision=revision,
                record=record,
                kind=str(meta.verbose_name),
                admin_url=_url("admin:core_revision_change", revision.pk),
                public_url=_url(urls[revision.model_label], record.pk) if revision.model_label in urls else "",
                changes=revisions.describe(revision, record),
            )
        )
    return items


def reviewed_models() -> dict[str, tuple[type[models.Model], str]]:
    """{"incidents.incident": (Incident, "incident-detail"), ...}"""
    result = {}
    for app_label, model_name, url_name in REVIEWED:
        model = apps.get_model(app_label, model_name)
        result[model._meta.label_lower] = (model, url_name)
    return result


def is_reviewer(user) -> bool:
    return any(moderation.can_publish(user, model) for model, _url in reviewed_models().values())


def compared_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields both the record and its history events hold (derived ones, like the search document, are not)."""
    tracked = {f.attname for f in model.pgh_event_model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.name not in NOT_COMPARED and f.attname in tracked]


def in_review(model: type[models.Model]) -> models.QuerySet:
    """The model's records in review, with when they entered review and the id of their last published version."""
    events = model.pgh_event_model.objects
    # The last event in which the record was not in review; it entered review just after.
    last_out = (
        events.filter(pgh_obj_id=OuterRef("pgh_obj_id"))
        .exclude(status=ModerationStatus.IN_REVIEW)
        .order_by("-pgh_id")
        .values("pgh_id")[:1]
    )
    entered = (
        events.filter(pgh_obj_id=OuterRef("pk"), status=ModerationStatus.IN_REVIEW)
        .filter(pgh_id__gt=Coalesce(Subquery(last_out), 0))
        .order_by("pgh_id")
        .values("pgh_created_at")[:1]
    )
    published = (
        events.filter(pgh_obj_id=OuterRef("pk"), status=ModerationStatus.PUBLISHED)
        .order_by("-pgh_id")
        .values("pgh_id")[:1]
    )
    return (
        model._base_manager.filter(status=ModerationStatus.IN_REVIEW)
        .annotate(entered_review=Coalesce(Subquery(entered), "updated_at"), published_event=Subquery(published))
        .order_by("entered_review", "pk")
    )


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def review_queue_items(user) -> list[QueueItem]:
    """Everything in review that the user may publish, oldest first (two queries a model, plus related names)."""
    items: list[QueueItem] = []
    for key, (model, url_name) in reviewed_models().items():
        if not moderation.can_publish(user, model):
            continue
        records = list(in_review(model))
        event_ids = [record.published_event for record in records if record.published_event]
        versions = model.pgh_event_model.objects.in_bulk(event_ids) if event_ids else {}
        fields = compared_fields(model)
        differences = {}
        wanted: dict[type[models.Model], set] = {}
        for record in records:
            version = versions.get(record.published_event)
            if version is None:
                continue
            differences[record.pk] = diff = []
            for f in fields:
                old, new = getattr(version, f.attname), getattr(record, f.attname)
                if old != new and not (old in (None, "", []) and new in (None, "", [])):
                    diff.append((f, old, new))
                    if f.is_relation:
                        wanted.setdefault(f.related_model, set()).update((old, new))
        names = related_names(wanted)
        for record in records:
            diff = differences.get(record.pk)
            changes = [
                Change(
                    str(f.verbose_name),
                    display_value(f, old, names.get((f.related_model, old)) if f.is_relation else None),
                    display_value(f, new, names.get((f.related_model, new)) if f.is_relation else None),
                )
                for f, old, new in diff or []
            ]
            meta = model._meta
            items.append(
                QueueItem(
                    record=record,
                    kind=str(meta.verbose_name),
                    key=key,
                    entered_review=record.entered_review,
                    admin_url=_url(f"admin:{meta.app_label}_{meta.model_name}_change", record.pk),
                    public_url=_url(url_name, record.pk),
                    is_new=diff is None,
                    changes=changes,
                    moves=[move for move in moderation.allowed_actions(record, user) if move.action in QUEUE_ACTIONS],
                )
            )
    items.sort(key=lambda item: (item.entered_review, item.key, item.record.pk))
    return items


def _handle_revision(request: HttpRequest, action: str) -> None:
    pk = request.POST.get("revision_id", "")
    revision = Revision.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if revision is None:
        messages.error(request, _("That revision no longer exists."))
        return
    try:
        if action == ACCEPT_REVISION:
            record = revisions.accept(revision, request.user, request.POST.get("public_note", ""))
            messages.success(request, _("The revision of “%(record)s” is accepted and live.") % {"record": record})
        else:
            revisions.return_revision(revision, request.user, request.POST.get("reason", ""))
            messages.success(request, _("The revision is returned to its editor."))
    except (revisions.RevisionError, moderation.TransitionError) as error:
        messages.error(request, error.message)
    except PermissionDenied as error:
        messages.error(request, str(error))


def _handle_move(request: HttpRequest) -> None:
    if request.POST.get("action") in (ACCEPT_REVISION, RETURN_REVISION):
        _handle_revision(request, request.POST["action"])
        return
    model_and_url = reviewed_models().get(request.POST.get("record_type", ""))
    action = request.POST.get("action", "")
    pk = request.POST.get("record_id", "")
    if model_and_url is None or action not in QUEUE_ACTIONS or not (pk.isascii() and pk.isdigit()):
        messages.error(request, _("That request was not understood; reload the queue."))
        return
    model = model_and_url[0]
    record = model._base_manager.filter(pk=int(pk)).first()
    if record is None:
        messages.error(request, _("That record no longer exists."))
        return
    try:
        moderation.transition(record, action, request.user)
    except (moderation.TransitionError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, moderation.done_message(record, action))


def review_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not is_reviewer(request.user):
        raise PermissionDenied
    if request.method == "POST":
        _handle_move(request)
        return HttpResponseRedirect(reverse("review-queue"))
    items = review_queue_items(request.user)
    return render(
        request,
        "review/queue.html",
        {
            "items": items,
            "revisions": revision_items(request.user),
            "accept_revision": ACCEPT_REVISION,
            "return_revision": RETURN_REVISION,
        },
    )
