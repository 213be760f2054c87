"""The alert tests' SMTP server and the incidents they publish, correct and retract."""

import datetime
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from core.choices import DatePrecision, ModerationStatus, PlacePrecision, Wording
from incidents import services
from incidents.choices import ClaimGrade, IncidentType
from incidents.models import Claim, Incident, Source
from tests.alerts.smtp import Inbox, SmtpServer

DAY = datetime.date(2026, 1, 1)


def use_smtp(settings, port: int, site_url: str = "http://testserver") -> None:
    """Django's SMTP backend, pointed at the test's server, as EMAIL_URL would configure it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.ALERTS_ENABLED = True
    settings.SITE_URL = site_url
    settings.DEFAULT_FROM_EMAIL = "Veta <alerts@veta.example.org>"


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    """A real SMTP server on loopback that Veta sends to; its inbox."""
    server = SmtpServer().start()
    use_smtp(settings, server.port)
    try:
        yield server.inbox
    finally:
        server.stop()


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def source() -> Source:
    return Source.objects.create(outlet="La República", title="Ataque en Pataz")


def draft(title: str, source: Source, killed: int = 3, **place) -> Incident:
    """An incident in Pataz (La Libertad) known to the province, with one claim of `killed` killed."""
    incident = Incident.objects.create(
        title=title,
        incident_type=IncidentType.ARMED_ATTACK,
        date_start=DAY,
        date_end=DAY,
        date_precision=DatePrecision.DAY,
        **(place or {"region_id": "13", "province_id": "1308", "place_precision": PlacePrecision.PROVINCE}),
    )
    services.add_claim(
        Claim(
            incident=incident,
            source=source,
            claimed_on=DAY,
            killed=killed,
            wording=Wording.AT_LEAST,
            grade=ClaimGrade.RELIABLE,
        )
    )
    return incident


def publish(incident: Incident) -> Incident:
    now = timezone.now()
    Incident.objects.filter(pk=incident.pk).update(status=ModerationStatus.PUBLISHED, published_at=now, updated_at=now)
    incident.refresh_from_db()
    return incident


def correct(incident: Incident, source: Source, killed: int) -> Incident:
    """A later, confirmed claim with another toll: the incident's figures change."""
    services.add_claim(
        Claim(
            incident=incident,
            source=source,
            claimed_on=DAY + datetime.timedelta(days=2),
            killed=killed,
            wording=Wording.EXACT,
            grade=ClaimGrade.CONFIRMED,
        )
    )
    incident.refresh_from_db()
    return incident


def retract(incident: Incident, reason: str) -> Incident:
    Incident.objects.filter(pk=incident.pk).update(
        status=ModerationStatus.RETRACTED, retraction_reason=reason, updated_at=timezone.now()
    )
    incident.refresh_from_db()
    return incident


@pytest.fixture
def reviewer() -> User:
    return User.objects.create_superuser("reviewer-alerts", password="a long test password")
