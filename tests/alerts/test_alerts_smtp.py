"""E-mail alerts over a real SMTP server: sign up, confirm, publish, correct, retract, merge, unsubscribe."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Alert, Delivery, Follower
from alerts.services import send_alerts
from incidents.models import Incident
from incidents.services import merge_incidents
from tests.alerts.conftest import correct, draft, path_of, publish, retract, use_smtp
from tests.alerts.smtp import SmtpServer

pytestmark = pytest.mark.django_db

ADDRESS = "periodista@example.org"


def follow(client, filters: str = "region=13", address: str = ADDRESS, frequency: str = "immediate", language="en"):
    return client.post(
        "/alerts/follow/",
        {"email": address, "filters": filters, "language": language, "frequency": frequency},
        REMOTE_ADDR="203.0.113.7",
    )


def run() -> str:
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def confirm_from(client, message) -> None:
    link = message.link("/alerts/confirm/")
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Confirm" in page.content.decode()
    assert client.post(path_of(link)).status_code == 200


def test_the_whole_story_arrives_by_smtp(client, smtp, source):
    earlier = publish(draft("Ataque de antes", source))

    answer = follow(client)
    assert answer.status_code == 200
    assert "Check your inbox" in answer.content.decode()
    assert ADDRESS not in answer.content.decode()

    # The confirmation: one message, plain text and HTML, with a signed link; nothing else yet.
    [confirmation] = smtp.to(ADDRESS)
    assert confirmation.message["Subject"] == "Confirm your Veta alerts"
    assert confirmation.message["From"] == "Veta <alerts@veta.example.org>"
    assert "La Libertad" in confirmation.text
    assert confirmation.link("/alerts/confirm/") in confirmation.html
    before_confirming = publish(draft("Publicado sin confirmar", source))
    run()
    assert len(smtp.to(ADDRESS)) == 1

    confirm_from(client, confirmation)
    assert Alert.objects.get().confirmed_at is not None

    # A new incident in Pataz: one message, with its qualified place, date, figures and link.
    attack = publish(draft("Ataque en socavón de Pataz", source, killed=3))
    output = run()
    assert "sent 1 of 1 message(s)" in output
    [new] = smtp.to(ADDRESS)[1:]
    assert new.message["Subject"] == "New incident: Ataque en socavón de Pataz"
    assert new.message["To"] == ADDRESS
    assert "Pataz, La Libertad" in new.text
    assert "1 January 2026" in new.text
    assert "killed: at least 3" in new.text  # the claim says "at least 3", and so does the message
    assert f"http://testserver/incidents/{attack.pk}/" in new.text
    assert f'href="http://testserver/incidents/{attack.pk}/"' in new.html
    assert "<li>killed: at least 3</li>" in new.html
    # Neither the incident published before the sign-up nor the one before the confirmation.
    assert earlier.title not in new.text and before_confirming.title not in new.text
    # One-click unsubscribe (RFC 8058) and the page to manage every alert of the address.
    unsubscribe = new.message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("http://testserver/alerts/unsubscribe/")
    assert new.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in new.text
    assert client.get(path_of(new.link("/alerts/manage/"))).status_code == 200

    # Idempotent: nothing changed, nothing sent.
    assert "sent 1 of" not in run()
    assert len(smtp.to(ADDRESS)) == 2

    # A correction of the figures: before and now.
    correct(attack, source, killed=5)
    run()
    [corrected] = smtp.to(ADDRESS)[2:]
    assert corrected.message["Subject"] == "Corrected: Ataque en socavón de Pataz"
    assert "Figures before" in corrected.text and "killed: at least 3" in corrected.text
    assert "Figures now" in corrected.text and "killed: 5" in corrected.text

    # A retraction, with its public reason.
    retract(attack, "Los hechos ocurrieron en otra región.")
    run()
    [retracted] = smtp.to(ADDRESS)[3:]
    assert retracted.message["Subject"] == "Retracted: Ataque en socavón de Pataz"
    assert "Los hechos ocurrieron en otra región." in retracted.text
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3

    # One-click unsubscribe as a mail provider does it: a POST without a form of ours.
    answer = client.post(
        path_of(unsubscribe), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    assert not Alert.objects.exists() and not Follower.objects.exists()
    publish(draft("Otro ataque en Pataz", source))
    run()
    assert len(smtp.to(ADDRESS)) == 4


def test_a_merged_incident_is_told_with_a_link_to_the_one_kept(client, smtp, source, reviewer):
    follow(client)
    confirm_from(client, smtp.to(ADDRESS)[0])
    kept = publish(draft("Ataque en Pataz", source, killed=3))
    duplicate = publish(draft("Ataque en Pataz (otro diario)", source, killed=4))
    run()
    [both] = smtp.to(ADDRESS)[1:]
    assert both.message["Subject"] == "2 updates for La Libertad"
    merge_incidents(duplicate, kept, reviewer)
    run()
    [merged] = smtp.to(ADDRESS)[2:]
    assert "Merged into another incident" in merged.text or "merged into another incident" in merged.text
    assert f"http://testserver/incidents/{kept.pk}/" in merged.text


def test_a_digest_gathers_the_day_and_sends_nothing_when_nothing_is_new(client, smtp, source):
    follow(client, frequency="daily", language="es")
    [confirmation] = smtp.to(ADDRESS)
    assert confirmation.message["Subject"] == "Confirme sus alertas de Veta"
    confirm_from(client, confirmation)
    publish(draft("Ataque uno", source))
    publish(draft("Ataque dos", source, killed=2))
    send_alerts()
    assert len(smtp.to(ADDRESS)) == 1  # not due before a day has passed

    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    send_alerts(now=tomorrow)
    [digest] = smtp.to(ADDRESS)[1:]
    assert "Ataque uno" in digest.text and "Ataque dos" in digest.text
    assert "2 novedades" in digest.message["Subject"]
    assert "muertos: al menos 2" in digest.text or "fallecidos: al menos 2" in digest.text

    send_alerts(now=tomorrow + datetime.timedelta(days=1, minutes=1))
    assert len(smtp.to(ADDRESS)) == 2  # a day with nothing new sends nothing


def test_an_address_gets_one_confirmation_a_day_and_a_later_follow_its_own_the_next_day(client, smtp):
    follow(client, "region=13")
    follow(client, "region=17")
    [first] = smtp.to(ADDRESS)
    confirm_from(client, first)
    # The link confirmed what it was sent for, not the follow added after it.
    assert list(Alert.objects.filter(confirmed_at__isnull=False).values_list("query", flat=True)) == ["region=13"]
    send_alerts()
    assert len(smtp.to(ADDRESS)) == 1
    send_alerts(now=timezone.now() + datetime.timedelta(days=1, minutes=1))
    [second] = smtp.to(ADDRESS)[1:]
    assert "Madre de Dios" in second.text and "La Libertad" not in second.text
    confirm_from(client, second)
    assert Alert.objects.filter(confirmed_at__isnull=True).count() == 0


def test_an_unconfirmed_address_is_forgotten_after_a_week(client, smtp):
    follow(client)
    send_alerts(now=timezone.now() + datetime.timedelta(days=6))
    assert Follower.objects.filter(email=ADDRESS).exists()
    send_alerts(now=timezone.now() + datetime.timedelta(days=7, minutes=1))
    assert not Follower.objects.exists() and not Alert.objects.exists()
    # Its old confirmation link now says the alerts are gone (and has expired anyway).
    answer = client.get(path_of(smtp.to(ADDRESS)[0].link("/alerts/confirm/")))
    assert answer.status_code == 404


def test_the_manage_page_changes_and_unsubscribes_one_alert_without_showing_the_address(client, smtp, source):
    follow(client, "region=13")
    follow(client, "province=1308")
    confirm_from(client, smtp.to(ADDRESS)[0])
    publish(draft("Ataque en Pataz", source))
    run()
    message = smtp.to(ADDRESS)[-1]
    manage = path_of(message.link("/alerts/manage/"))
    page = client.get(manage).content.decode()
    assert "La Libertad" in page and "Pataz" in page
    assert ADDRESS not in page
    pataz = Alert.objects.get(query="province=1308")
    answer = client.post(manage, {"action": "change", "alert": pataz.pk, "language": "es", "frequency": "weekly"})
    assert answer.status_code == 200
    pataz.refresh_from_db()
    assert (pataz.language, pataz.frequency) == ("es", "weekly")
    client.post(manage, {"action": "unsubscribe", "alert": pataz.pk})
    assert list(Alert.objects.values_list("query", flat=True)) == ["region=13"]
    # Another address's alert cannot be reached from this page.
    other = Alert.objects.create(follower=Follower.objects.create(email="otra@example.org"), query="", language="en",
                                 frequency="daily")  # fmt: skip
    answer = client.post(manage, {"action": "unsubscribe", "alert": other.pk})
    assert answer.status_code == 400
    assert Alert.objects.filter(pk=other.pk).exists()


def test_a_confirmation_the_mail_server_refused_is_sent_by_the_next_run(client, settings, source):
    server = SmtpServer()  # its port is reserved but nothing listens yet: the sign-up cannot send
    use_smtp(settings, server.port)
    answer = follow(client)
    assert answer.status_code == 202
    assert "could not be sent just now" in answer.content.decode()
    follower = Follower.objects.get()
    assert follower.confirmation_sent_at is None and follower.alerts.get().confirmed_at is None
    server.start()
    try:
        send_alerts()
        [confirmation] = server.inbox.to(ADDRESS)
        assert confirmation.message["Subject"] == "Confirm your Veta alerts"
        send_alerts()
        assert len(server.inbox.to(ADDRESS)) == 1
    finally:
        server.stop()


def test_a_corrected_place_is_told_with_the_place_as_now_known(client, smtp, source):
    follow(client)
    confirm_from(client, smtp.to(ADDRESS)[0])
    attack = publish(draft("Ataque en Pataz", source))
    run()
    Incident.objects.filter(pk=attack.pk).update(
        district_id="130801", place_precision="district", updated_at=timezone.now()
    )
    run()
    [corrected] = smtp.to(ADDRESS)[2:]
    assert corrected.message["Subject"] == "Corrected: Ataque en Pataz"
    assert "Tayabamba, Pataz, La Libertad" in corrected.text
