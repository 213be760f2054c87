"""The rules of e-mail alerts: following, confirming, unsubscribing, and what `send_alerts` sends.

Sending is idempotent. For each alert that is due, one transaction (the alert's row
claimed with FOR UPDATE SKIP LOCKED) writes the changes to tell into the ledger
(`Delivery`, unique per alert, incident and change number); then one transaction per
message claims the alert's unsent rows the same way, sends them over SMTP and marks them
sent before it commits. Two runs at once never claim the same rows; a run killed before
its commit leaves the rows unsent, and the next run sends them once.
"""

import datetime
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.choices import ChangeKind, Frequency
from alerts.figures import figures_of
from alerts.filters import FilterProblem, clean_query, followed_place, matching
from alerts.links import CONFIRMATION_VALID_FOR
from alerts.mail import changes_message, confirmation_message
from alerts.models import Alert, Delivery, Follower
from core.choices import ModerationStatus
from incidents.models import Incident

logger = logging.getLogger("alerts")

# One confirmation message a day per address; unconfirmed follows are forgotten after a week.
CONFIRMATION_INTERVAL = datetime.timedelta(days=1)
FORGET_UNCONFIRMED_AFTER = CONFIRMATION_VALID_FOR
# How far back each look for changes reaches before the last one: a transaction that
# published an incident before the last look but committed after it is still seen.
LOOK_BACK = datetime.timedelta(hours=1)
DIGEST_INTERVAL = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(days=7)}
RATE_WINDOW_SECONDS = 3600


class FollowRefused(ValueError):
    """A sign-up that stores and sends nothing; `field` names the bad input, `status` the HTTP answer."""

    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.field, self.status = field, status


# Following ------------------------------------------------------------------------------------


def normalized_email(value: str) -> str:
    """The address as typed, trimmed, its domain in lower case; FollowRefused when malformed."""
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        raise FollowRefused(_("“%(value)s” is not an e-mail address.") % {"value": value[:100]}, "email") from None
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def _over_limit(kind: str, key: str, limit: int) -> bool:
    """Counts one sign-up for the key in this hour's window; True once past the limit."""
    name = f"alerts-signup:{kind}:{hashlib.sha256(key.encode()).hexdigest()}"
    cache.add(name, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > limit


def next_due(frequency: str, now: datetime.datetime) -> datetime.datetime | None:
    interval = DIGEST_INTERVAL.get(frequency)
    return now + interval if interval else None


@dataclass(frozen=True)
class FollowResult:
    alert: Alert
    confirmation_sent: bool


def follow(email: str, filters, language: str, frequency: str, client: str) -> FollowResult:
    """A pending alert for the address, and a confirmation message unless one went out in the last day.

    Bad input (address, filters, language, frequency) and sign-ups past the hourly limits
    per address and per client raise FollowRefused: nothing is stored or sent.
    """
    if _over_limit("client", client, settings.ALERTS_SIGNUPS_PER_CLIENT):
        raise FollowRefused(_("Too many sign-ups from your connection: please try again in an hour."), status=429)
    email = normalized_email(email)
    if language not in dict(settings.LANGUAGES):
        raise FollowRefused(_("Choose English or Spanish."), "language")
    if frequency not in Frequency.values:
        raise FollowRefused(_("Choose how often: as it happens, daily or weekly."), "frequency")
    try:
        query = clean_query(filters)
    except FilterProblem as problem:
        raise FollowRefused(str(problem), "filters") from None
    if _over_limit("address", email.lower(), settings.ALERTS_SIGNUPS_PER_ADDRESS):
        raise FollowRefused(_("Too many sign-ups for this address: please try again in an hour."), status=429)
    region, province, district = followed_place(query)

    for attempt in range(2):  # a concurrent sign-up of the same new address wins the insert once
        try:
            with transaction.atomic():
                follower = Follower.objects.select_for_update().filter(email__iexact=email).first()
                if follower is None:
                    follower = Follower.objects.create(email=email)
                alert, created = Alert.objects.get_or_create(
                    follower=follower,
                    query=query,
                    defaults={
                        "language": language,
                        "frequency": frequency,
                        "region_id": region,
                        "province_id": province,
                        "district_id": district,
                    },
                )
                if not created and alert.confirmed_at is None:
                    # Still unconfirmed: the latest choice stands. A confirmed alert changes only
                    # from its manage page, never from a form anyone can fill in.
                    Alert.objects.filter(pk=alert.pk).update(language=language, frequency=frequency)
            break
        except IntegrityError:
            if attempt:
                raise
    sent = send_confirmation(follower) if alert.confirmed_at is None else False
    return FollowResult(alert, sent)


def send_confirmation(follower: Follower, now: datetime.datetime | None = None, connection=None) -> bool:
    """Sends the confirmation of the address's pending alerts, at most once a day; False when not due."""
    now = now or timezone.now()
    due = Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=now - CONFIRMATION_INTERVAL)
    with transaction.atomic():
        # Compare-and-swap: of two sign-ups at once, one sends.
        if not Follower.objects.filter(due, pk=follower.pk).update(confirmation_sent_at=now):
            return False
        pending = list(follower.alerts.filter(confirmed_at__isnull=True).order_by("pk"))
        if not pending:
            transaction.set_rollback(True)
            return False
        # Sent inside the transaction: if the server refuses it, the stamp is rolled back and
        # the next sign-up (or `send_alerts`) tries again.
        message = confirmation_message(follower, pending)
        (connection or get_connection()).send_messages([message])
    return True


def confirm(follower: Follower, up_to_alert: int, now: datetime.datetime | None = None) -> list[Alert]:
    """Confirms the alerts the link was sent for; they look for changes from now on."""
    now = now or timezone.now()
    with transaction.atomic():
        alerts = list(
            follower.alerts.select_for_update().filter(confirmed_at__isnull=True, pk__lte=up_to_alert).order_by("pk")
        )
        for alert in alerts:
            alert.confirmed_at = alert.watermark = now
            alert.next_due_at = next_due(alert.frequency, now)
            alert.save(update_fields=["confirmed_at", "watermark", "next_due_at"])
    return alerts


def unsubscribe(alert: Alert) -> None:
    """Removes the alert and what it sent; the address itself once it follows nothing."""
    with transaction.atomic():
        follower = Follower.objects.select_for_update().filter(pk=alert.follower_id).first()
        Alert.objects.filter(pk=alert.pk).delete()
        if follower is not None and not follower.alerts.exists():
            follower.delete()


def unsubscribe_all(follower: Follower) -> None:
    """Forgets the address and all its alerts."""
    Follower.objects.filter(pk=follower.pk).delete()


def change_alert(alert: Alert, language: str, frequency: str, now: datetime.datetime | None = None) -> None:
    """A confirmed alert's new language or frequency (from its manage page)."""
    if language not in dict(settings.LANGUAGES):
        raise FollowRefused(_("Choose English or Spanish."), "language")
    if frequency not in Frequency.values:
        raise FollowRefused(_("Choose how often: as it happens, daily or weekly."), "frequency")
    now = now or timezone.now()
    changes = {"language": language, "frequency": frequency}
    if frequency != alert.frequency:
        changes["next_due_at"] = next_due(frequency, now)
    Alert.objects.filter(pk=alert.pk).update(**changes)


# What is due --------------------------------------------------------------------------------------


def public_state(incident: Incident) -> dict:
    """What an alert tells of an incident, and compares to tell a correction: status, merge, figures, date, place."""
    return {
        "status": incident.status,
        "merged_into": incident.merged_into_id,
        "figures": figures_of(incident),
        # A corrected date or place is a correction too (shown as the incident now has it).
        "date": [incident.date_start.isoformat(), incident.date_end.isoformat(), incident.date_precision],
        "place": [incident.region_id, incident.province_id, incident.district_id, incident.place_precision],
    }


def fingerprint(state: dict) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def change_kind(state: dict) -> str | None:
    if state["merged_into"]:
        return ChangeKind.MERGED
    if state["status"] == ModerationStatus.RETRACTED:
        return ChangeKind.RETRACTED
    if state["status"] == ModerationStatus.PUBLISHED:
        return ChangeKind.CORRECTED
    return None  # not public: nothing to tell


def due_alerts(now: datetime.datetime) -> Q:
    return Q(confirmed_at__isnull=False) & (
        Q(frequency=Frequency.IMMEDIATE) | Q(next_due_at__isnull=True) | Q(next_due_at__lte=now)
    )


def plan(alert: Alert, now: datetime.datetime) -> int:
    """Writes the alert's changes since its last look into the ledger; the number written.

    New: a published incident its filters match, published since the alert was confirmed
    and never told. Changed: an incident already told whose status, merge or figures now
    differ from what was last told, whether or not the filters still match it.
    """
    since = (alert.watermark or alert.confirmed_at) - LOOK_BACK
    public = [ModerationStatus.PUBLISHED, ModerationStatus.RETRACTED]
    told = Delivery.objects.filter(alert=alert, incident=OuterRef("pk"))
    # Published before the alert was confirmed: history, not news.
    recent = Incident.objects.published().filter(published_at__gte=max(since, alert.confirmed_at))
    new = matching(alert.query, recent).filter(~Exists(told))
    changed = Incident.objects.filter(Exists(told), updated_at__gte=since, status__in=public)
    candidates = {incident.pk: incident for incident in [*new.order_by("published_at", "pk"), *changed.order_by("pk")]}
    last_told: dict[int, Delivery] = {}
    for delivery in Delivery.objects.filter(alert=alert, incident_id__in=candidates).order_by(
        "incident_id", "sequence"
    ):
        last_told[delivery.incident_id] = delivery

    rows = []
    for incident in candidates.values():
        state = public_state(incident)
        digest = fingerprint(state)
        last = last_told.get(incident.pk)
        if last is None:
            if incident.status != ModerationStatus.PUBLISHED:
                continue
            kind, sequence = ChangeKind.NEW, 1
        else:
            if last.fingerprint == digest:
                continue
            kind, sequence = change_kind(state), last.sequence + 1
            if kind is None:
                continue
        rows.append(
            Delivery(alert=alert, incident=incident, sequence=sequence, kind=kind, state=state, fingerprint=digest)
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def plan_due(now: datetime.datetime, batch_size: int) -> tuple[int, int]:
    """Plans every due alert, each in its own transaction; (alerts planned, changes written)."""
    planned = changes = 0
    last_pk = 0
    while True:
        ids = list(
            Alert.objects.filter(due_alerts(now), pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return planned, changes
        for pk in ids:
            with transaction.atomic():
                # Another run planning this alert holds it: skip it, that run writes its changes.
                alert = Alert.objects.select_for_update(skip_locked=True).filter(due_alerts(now), pk=pk).first()
                if alert is None:
                    continue
                changes += plan(alert, now)
                alert.watermark = now
                if alert.frequency != Frequency.IMMEDIATE:
                    alert.next_due_at = next_due(alert.frequency, max(now, alert.next_due_at or now))
                    # Not behind by more than one interval after a pause of the timer.
                    if alert.next_due_at <= now:
                        alert.next_due_at = next_due(alert.frequency, now)
                alert.save(update_fields=["watermark", "next_due_at"])
                planned += 1
        last_pk = ids[-1]


def unsent() -> Q:
    return Q(Exists(Delivery.objects.filter(alert=OuterRef("pk"), sent_at__isnull=True)))


def send_next(connection, now: datetime.datetime) -> int | None:
    """Claims one alert with unsent changes, sends them in one message, marks them sent; None when none is left.

    Returns the number of changes the message told. The rows stay claimed (locked) until the
    transaction commits, right after the SMTP server accepted the message.
    """
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("follower")
            .filter(unsent(), confirmed_at__isnull=False)
            .order_by("pk")
            .first()
        )
        if alert is None:
            return None
        deliveries = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(alert=alert, sent_at__isnull=True)
            .order_by("pk")
        )
        if not deliveries:
            return 0
        incident_ids = {delivery.incident_id for delivery in deliveries}
        previous: dict[int, Delivery] = {}
        for delivery in Delivery.objects.filter(
            alert=alert, incident_id__in=incident_ids, sent_at__isnull=False
        ).order_by("incident_id", "sequence"):
            previous[delivery.incident_id] = delivery
        message = changes_message(alert, deliveries, previous)
        if connection.send_messages([message]) != 1:
            raise SMTPException("the mail server did not accept the message")
        Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries]).update(
            sent_at=now, message_id=message.extra_headers["Message-ID"]
        )
    return len(deliveries)


def send_due_confirmations(now: datetime.datetime, connection) -> int:
    """Confirmations for pending alerts added since the address's last one, once its day has passed."""
    # Pending alerts no confirmation covered yet: added after the last one, or none went out
    # (the mail server refused it at sign-up).
    not_covered = Alert.objects.filter(follower=OuterRef("pk"), confirmed_at__isnull=True).filter(
        Q(created_at__gt=OuterRef("confirmation_sent_at")) | Q(follower__confirmation_sent_at__isnull=True)
    )
    followers = Follower.objects.filter(
        Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=now - CONFIRMATION_INTERVAL),
        Exists(not_covered),
    ).order_by("pk")
    return sum(send_confirmation(follower, now, connection) for follower in followers)


def forget_unconfirmed(now: datetime.datetime) -> int:
    """Deletes follows unconfirmed for a week, and addresses left following nothing; the addresses forgotten."""
    with transaction.atomic():
        Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=now - FORGET_UNCONFIRMED_AFTER).delete()
        forgotten, _ = Follower.objects.filter(~Exists(Alert.objects.filter(follower=OuterRef("pk")))).delete()
    return forgotten


@dataclass
class RunSummary:
    forgotten: int = 0
    confirmations: int = 0
    planned_alerts: int = 0
    planned_changes: int = 0
    messages: int = 0
    changes_sent: int = 0


def send_alerts(
    batch_size: int = 50, progress: Callable[[str], None] = lambda line: None, now: datetime.datetime | None = None
) -> RunSummary:
    """What `manage.py send_alerts` does: forget, confirm, plan and send, reporting progress line by line."""
    now = now or timezone.now()
    summary = RunSummary()
    summary.forgotten = forget_unconfirmed(now)
    progress(_("forgot %(n)d unconfirmed address(es)") % {"n": summary.forgotten})
    connection = get_connection()
    summary.confirmations = send_due_confirmations(now, connection)
    progress(_("sent %(n)d confirmation(s)") % {"n": summary.confirmations})
    summary.planned_alerts, summary.planned_changes = plan_due(now, batch_size)
    progress(
        _("looked for changes for %(alerts)d alert(s): %(changes)d change(s) to tell")
        % {"alerts": summary.planned_alerts, "changes": summary.planned_changes}
    )
    total = Alert.objects.filter(unsent()).count()
    while total:  # no SMTP session when nothing is owed
        with get_connection() as connection:  # one SMTP session per batch
            sent_in_batch = 0
            while sent_in_batch < batch_size:
                told = send_next(connection, now)
                if not told:  # none left (or, at worst, one another run holds): the next run goes on
                    break
                summary.messages += 1
                summary.changes_sent += told
                sent_in_batch += 1
        if sent_in_batch:
            progress(
                _("sent %(sent)d of %(total)d message(s)")
                % {"sent": summary.messages, "total": max(total, summary.messages)}
            )
        if sent_in_batch < batch_size:
            break
    return summary
