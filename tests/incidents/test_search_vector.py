"""The stored search document gives exactly the incidents the document computed from the row gives."""

import pytest
from django.contrib.postgres.search import SearchVectorField
from django.db.models.expressions import RawSQL

from core.api.filters import search_query
from incidents.models import Incident
from incidents.search_sql import SEARCH_CONFIGS
from overview import synthetic
from regions.models import District, MiningSite

# `server`: the server's text search (dictionaries, stored search documents).
pytestmark = [pytest.mark.django_db, pytest.mark.server]

WORDS = ["mineros", "retroexcavadora", "huaico", "madre de dios", "Pataz", "junin ataques", '"bocamina abandonada"']


def stored(text: str) -> set[int]:
    return set(Incident.objects.filter(search_vector=search_query(text, SEARCH_CONFIGS)).values_list("pk", flat=True))


def computed(text: str) -> set[int]:
    """The incidents whose document, computed afresh from the row now, matches: the stored one must agree."""
    document = RawSQL("veta_incident_search_vector(incidents_incident)", [], output_field=SearchVectorField())
    found = Incident.objects.annotate(document=document).filter(document=search_query(text, SEARCH_CONFIGS))
    return set(found.values_list("pk", flat=True))


def test_stored_and_computed_documents_find_the_same_incidents():
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=21, load_test_database=True)
    for text in WORDS:
        assert stored(text) == computed(text), text
    assert stored("mineros")


def test_renaming_a_place_or_a_site_refreshes_the_documents():
    synthetic.generate(synthetic.Sizes.for_incidents(300), seed=22, load_test_database=True)
    incident = Incident.objects.filter(district__isnull=False, site__isnull=False).first()
    district = District.objects.get(pk=incident.district_id)
    district.display_name = "Quillabamba Zeta"
    district.save()
    site = MiningSite.objects.get(pk=incident.site_id)
    site.name = "Socavón Omega"
    site.save()
    assert incident.pk in stored("zeta")
    assert incident.pk in stored("omega")
    for text in ["zeta", "omega", *WORDS]:
        assert stored(text) == computed(text), text


def test_an_edited_incident_is_found_by_its_new_words():
    incident = Incident.objects.first()
    incident.description = "Derrumbe en la galería principal"
    incident.save()
    assert incident.pk in stored("galería")
    assert stored("galeria") == computed("galeria")
