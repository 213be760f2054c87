"""manage.py intake: proposals for text files, JSON with --json, drafts only with --create, clear errors."""

import json

import pytest
from django.core.management import CommandError, call_command

from core.choices import ModerationStatus
from core.history import summarize_events
from incidents.models import Incident, IncidentEvent, Source

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Secuestran a tres mineros en Huepetuhe\n\n"
    "Tres mineros fueron secuestrados el domingo en el distrito de Huepetuhe, provincia de Manu, en Madre de Dios, "
    "por una banda que exigía el pago de un rescate. La Policía inició la búsqueda en la zona."
)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "huepetuhe.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_it_prints_one_json_proposal_per_file_and_writes_nothing(article, tmp_path, capsys) -> None:
    other = tmp_path / "operativo.txt"
    other.write_text(
        "Destruyen 12 dragas en Madre de Dios\n\nLa Policía Nacional y la Marina de Guerra destruyeron 12 dragas el "
        "martes en un operativo de interdicción en el distrito de Laberinto, en Madre de Dios.",
        encoding="utf-8",
    )
    before = (Incident.objects.count(), Source.objects.count())
    call_command("intake", str(article), str(other), "--published-on", "2026-03-10", "--json")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["kind"] for line in lines] == ["incident", "operation"]
    assert lines[0]["incident"]["incident_type"] == "kidnapping"
    assert lines[0]["incident"]["date_start"] == "2026-03-08"
    assert lines[0]["incident"]["district"] == "170204"
    assert lines[0]["incident"]["figures"]["kidnapped"]["value"] == 3
    assert lines[1]["operation"]["machinery"] == {"dredge": 12}
    assert sorted(lines[1]["operation"]["agencies"]) == ["navy", "pnp"]
    assert (Incident.objects.count(), Source.objects.count()) == before


def test_create_saves_a_draft_whose_history_names_the_article_and_the_command(article, capsys) -> None:
    call_command("intake", str(article), "--published-on", "2026-03-10", "--create")
    out = capsys.readouterr().out
    assert "drafted: incident #" in out
    incident = Incident.objects.get(title="Secuestran a tres mineros en Huepetuhe")
    assert incident.status == ModerationStatus.DRAFT
    assert incident.kidnapped_best == 3
    events = list(IncidentEvent.objects.filter(pgh_obj_id=incident.pk).order_by("pgh_id"))
    summary = summarize_events(events)[events[0].pgh_id]
    assert summary.what == "created, drafted from Secuestran a tres mineros en Huepetuhe"
    assert summary.who == "command intake"


def test_unreadable_files_are_named_and_the_command_fails(tmp_path, capsys) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty = tmp_path / "empty.txt"
    empty.write_text("  ")
    with pytest.raises(CommandError, match="3 of 3 file"):
        call_command("intake", str(binary), str(empty), str(tmp_path / "missing.txt"), "--json")
    err = capsys.readouterr().err
    assert "photo.txt: This is a binary file" in err
    assert "empty.txt: The text is empty" in err
    assert "missing.txt: No such file." in err


def test_a_bad_publication_date_is_refused(article) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("intake", str(article), "--published-on", "10/03/2026")
