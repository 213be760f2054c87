"""E-mail alerts: the addresses that follow places or incident filters, what they follow, and what was sent.

Addresses are personal data: no public page, API endpoint or export reads these tables;
only the admin does. An address whose follows were never confirmed is forgotten after a
week (`send_alerts`), and one that unsubscribes from its last alert is deleted at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from alerts.choices import ChangeKind, Frequency


class Follower(models.Model):
    """An e-mail address that follows places or filters; no account, no name."""

    email = models.EmailField(_("e-mail address"), max_length=254)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # At most one confirmation message a day (compare-and-swap on this field).
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(Lower("email"), name="alerts_follower_email_unique")]

    def __str__(self) -> str:
        return self.email


class Alert(models.Model):
    """One follow: the incident filters of a place page or the incident list, a language and a frequency.

    Nothing is sent before it is confirmed from the address's inbox. `watermark` is when it
    last looked for changes; `next_due_at`, when a digest is next due.
    """

    follower = models.ForeignKey(Follower, models.CASCADE, related_name="alerts", verbose_name=_("follower"))
    query = models.CharField(
        _("filters"), max_length=2000, blank=True, help_text=_("The incident list's filters, as in its address.")
    )
    # The place followed, when the filters name one (for the admin's counts per place).
    region = models.ForeignKey(
        "regions.Region", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    province = models.ForeignKey(
        "regions.Province", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        "regions.District", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    watermark = models.DateTimeField(_("looked for changes until"), null=True, blank=True)
    next_due_at = models.DateTimeField(_("next due at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [models.UniqueConstraint(fields=["follower", "query"], name="alerts_alert_follower_query_unique")]
        indexes = [
            models.Index(fields=["next_due_at"], name="alerts_alert_due", condition=Q(confirmed_at__isnull=False)),
            models.Index(fields=["created_at"], name="alerts_alert_pending", condition=Q(confirmed_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.query or '—'} ({self.get_frequency_display()})"


class Delivery(models.Model):
    """The ledger: one change of one incident for one alert, planned once and sent once.

    The n-th change of an incident for an alert has `sequence` n, unique per (alert,
    incident): two runs that plan the same change insert one row. `send_alerts` claims
    unsent rows with SELECT … FOR UPDATE SKIP LOCKED and marks them sent in the transaction
    that sends their message.
    """

    alert = models.ForeignKey(Alert, models.CASCADE, related_name="deliveries", verbose_name=_("alert"))
    incident = models.ForeignKey("incidents.Incident", models.CASCADE, related_name="+", verbose_name=_("incident"))
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=10, choices=ChangeKind.choices)
    # What the follower is told: status, figures and merge target at planning time, and their digest.
    state = models.JSONField(_("state"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    message_id = models.CharField(_("message id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["alert", "incident", "sequence"], name="alerts_delivery_change_unique")
        ]
        indexes = [
            models.Index(fields=["alert", "id"], name="alerts_delivery_unsent", condition=Q(sent_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.incident_id}"
