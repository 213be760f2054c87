"""The alert messages: a confirmation, and the changes of an alert, each as plain text and HTML.

Every message is written in the alert's language and carries a one-click unsubscribe
(RFC 8058: `List-Unsubscribe` with `List-Unsubscribe-Post`) and a link to the page
that manages all of the address's alerts.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alerts.choices import ChangeKind
from alerts.filters import describe
from alerts.links import absolute, confirm_url, manage_url, unsubscribe_url
from alerts.models import Alert, Delivery, Follower
from core.choices import ModerationStatus
from incidents.models import Incident


def mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def place_label(incident: Incident) -> str:
    """The place as precisely as it is known: "Pataz, La Libertad", or the region alone."""
    parts = [place.display_name for place in (incident.district, incident.province, incident.region) if place]
    return ", ".join(parts)


def incident_url(pk: int) -> str:
    return absolute(reverse("incident-detail", args=[pk]))


@dataclass(frozen=True)
class Change:
    """One line of an alert message: an incident and what happened to it."""

    kind: str
    kind_label: str
    title: str
    date: str
    place: str
    url: str
    state_figures: dict
    previous_state_figures: dict | None
    retraction_reason: str
    merged_into_url: str | None


def changes_of(deliveries: list[Delivery], previous: dict[int, Delivery]) -> list[Change]:
    """The deliveries as message lines; `previous` holds each incident's last delivery already sent."""
    incidents = Incident.objects.for_list().in_bulk([delivery.incident_id for delivery in deliveries])
    changes = []
    for delivery in deliveries:
        incident = incidents[delivery.incident_id]
        before = previous.get(delivery.incident_id)
        merged_into = delivery.state.get("merged_into")
        changes.append(
            Change(
                kind=delivery.kind,
                kind_label=str(ChangeKind(delivery.kind).label),
                title=incident.title,
                date=incident.date_label,
                place=place_label(incident),
                url=incident_url(incident.pk),
                state_figures=delivery.state["figures"],
                previous_state_figures=before.state["figures"] if before else None,
                retraction_reason=incident.retraction_reason
                if delivery.state["status"] == ModerationStatus.RETRACTED
                else "",
                merged_into_url=incident_url(merged_into) if merged_into else None,
            )
        )
    return changes


def _message(subject: str, template: str, context: dict, to: str, headers: dict) -> EmailMultiAlternatives:
    subject = " ".join(subject.split())  # a title's line break must not break the header
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(follower: Follower, pending: list[Alert]) -> EmailMultiAlternatives:
    """The double opt-in: a signed link that confirms the pending alerts listed, in the latest one's language."""
    language = pending[-1].language
    with translation.override(language):
        context = {
            "alerts": [
                {"description": describe(alert.query), "frequency": alert.get_frequency_display()} for alert in pending
            ],
            "confirm_url": confirm_url(follower, max(alert.pk for alert in pending)),
            "site_url": settings.SITE_URL,
            "language": language,
        }
        subject = _("Confirm your Veta alerts")
        headers = {
            "Auto-Submitted": "auto-generated",
            "Message-ID": f"<veta-confirm-{follower.pk}-{max(a.pk for a in pending)}@{mail_domain()}>",
        }
        return _message(subject, "confirm", context, follower.email, headers)


def changes_message(alert: Alert, deliveries: list[Delivery], previous: dict[int, Delivery]) -> EmailMultiAlternatives:
    """New and corrected incidents of one alert, in its language, with the unsubscribe headers."""
    with translation.override(alert.language):
        changes = changes_of(deliveries, previous)
        description = describe(alert.query)
        if len(changes) == 1:
            subject = _("%(kind)s: %(title)s") % {"kind": changes[0].kind_label.capitalize(), "title": changes[0].title}
        else:
            subject = ngettext("%(count)d update for %(place)s", "%(count)d updates for %(place)s", len(changes)) % {
                "count": len(changes),
                "place": description,
            }
        unsubscribe = unsubscribe_url(alert)
        context = {
            "alert": alert,
            "description": description,
            "frequency": alert.get_frequency_display(),
            "changes": changes,
            "unsubscribe_url": unsubscribe,
            "manage_url": manage_url(alert.follower),
            "site_url": settings.SITE_URL,
            "language": alert.language,
        }
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"Veta alerts <alerts.{mail_domain()}>",
            "Auto-Submitted": "auto-generated",
            "Message-ID": message_id(alert, deliveries),
        }
        return _message(subject, "changes", context, alert.follower.email, headers)


def message_id(alert: Alert, deliveries: list[Delivery]) -> str:
    """The same message has the same id, whichever run sends it."""
    return f"<veta-alert-{alert.pk}-{deliveries[0].pk}-{deliveries[-1].pk}@{mail_domain()}>"
