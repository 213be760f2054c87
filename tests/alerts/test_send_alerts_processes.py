"""`manage.py send_alerts` in processes of its own: killed half-way and run again, or two runs at once,
every follower receives each message exactly once.

The command runs as cron would run it, against the test database and a real SMTP server on
loopback that pauses before accepting each recipient, so a run is caught mid-message.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from alerts.models import Alert, Delivery, Follower
from core.models import Tombstone
from incidents.models import Claim, Incident, Source
from tests.alerts.conftest import draft, publish
from tests.alerts.smtp import SmtpServer
from tests.reliability.postgres import test_database_url

# `server`: other processes write over DATABASE_URL and lock rows between sessions (SKIP LOCKED).
pytestmark = pytest.mark.server

FOLLOWERS = 12


def addresses() -> list[str]:
    return [f"lector{n}@example.org" for n in range(FOLLOWERS)]


@pytest.fixture
def committed_alerts(django_db_blocker):
    """Twelve confirmed followers of La Libertad and a newly published incident there, committed; removed afterwards."""
    models = (Incident, Claim, Source)
    with django_db_blocker.unblock():
        last_events = {model: model.pgh_event_model.objects.aggregate(m=Max("pgh_id"))["m"] or 0 for model in models}
        start = timezone.now()
        earlier = start  # after the real records were published, before this incident
        followers = [Follower.objects.create(email=address) for address in addresses()]
        for follower in followers:
            Alert.objects.create(
                follower=follower, query="region=13", language="en", frequency="immediate", confirmed_at=earlier,
                watermark=earlier,
            )  # fmt: skip
        source = Source.objects.create(outlet="Diario de prueba", title="Ataque en Pataz (procesos)")
        incident = publish(draft("Ataque en Pataz visto por doce lectores", source))
        try:
            yield incident
        finally:
            Follower.objects.filter(pk__in=[follower.pk for follower in followers]).delete()
            # With the triggers, so the statistics' rollups forget the incident; then the history and
            # the tombstone the removal wrote.
            Incident.objects.filter(pk=incident.pk).delete()
            source.delete()
            for model, last in last_events.items():
                model.pgh_event_model.objects.filter(pgh_id__gt=last).delete()
            Tombstone.objects.filter(removed_at__gte=start).delete()


def send_alerts(port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "https://veta.example.org",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_alerts", "--batch-size", "5"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def received_by(server: SmtpServer) -> Counter:
    return Counter(recipient for item in server.inbox.messages() for recipient in item.recipients)


def test_killed_mid_run_and_run_again_it_sends_each_message_once(committed_alerts, django_db_blocker):
    server = SmtpServer(delay=0.4).start()
    try:
        first = send_alerts(server.port)
        wait_for(lambda: len(server.inbox.messages()) >= 3)
        # Well inside the pause before the next recipient: that message is claimed, not yet accepted.
        time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert first.returncode == -signal.SIGKILL
        before = len(server.inbox.messages())
        assert 3 <= before < FOLLOWERS

        second = send_alerts(server.port)
        output, _ = second.communicate(timeout=300)
        assert second.returncode == 0, output
        assert f"of {FOLLOWERS - before} message(s)" in output
        assert received_by(server) == Counter(addresses())
        for item in server.inbox.messages():
            assert item.message["Subject"] == f"New incident: {committed_alerts.title}"
            assert item.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        with django_db_blocker.unblock():
            assert Delivery.objects.filter(incident=committed_alerts, sent_at__isnull=False).count() == FOLLOWERS
            assert not Delivery.objects.filter(incident=committed_alerts, sent_at__isnull=True).exists()
    finally:
        server.stop()


def test_two_runs_at_once_send_each_message_once(committed_alerts):
    server = SmtpServer(delay=0.1).start()
    try:
        runs = [send_alerts(server.port), send_alerts(server.port)]
        outputs = [run.communicate(timeout=300)[0] for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        assert received_by(server) == Counter(addresses())
    finally:
        server.stop()
