"""The /about/ page: what Veta is, the methodology, and a codebook generated from the code.

The test finds the TextChoices classes in the apps' choices modules itself, so a class or
code added later must show up on the page (and have an explanation) for this to pass.
"""

import inspect
import re
from html import unescape

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from core import choices as veta_choices
from core.choices import DatePrecision, PlacePrecision
from enforcement import choices as enforcement_choices
from incidents import choices as incident_choices
from incidents.choices import IncidentType
from incidents.exports import TYPE_MAPPING
from overview import about
from overview import choices as overview_choices
from regions import choices as region_choices

pytestmark = pytest.mark.django_db

CHOICE_MODULES = [veta_choices, incident_choices, region_choices, enforcement_choices, overview_choices]


def every_choices_class() -> list[type[models.TextChoices]]:
    return [
        value
        for module in CHOICE_MODULES
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, models.TextChoices) and value.__module__ == module.__name__
    ]


def section_of(html: str, element_id: str) -> str:
    """The HTML from the element with this id to the end of its citation block."""
    start = html.index(f'id="{element_id}"')
    return unescape(html[start : html.index("</pre>", start)])


def section(html: str, anchor: str) -> str:
    """The HTML of the codebook section with this id, up to the next one."""
    start = html.index(f'id="{anchor}"')
    following = html.find('<section class="codebook-class"', start + 1)
    return html[start : following if following != -1 else len(html)]


@pytest.fixture
def html(client) -> str:
    response = client.get("/about/")
    assert response.status_code == 200
    # Codes may break after their underscores (<wbr>); read them whole.
    return unescape(response.content.decode()).replace("_<wbr>", "_")


def test_the_codebook_covers_every_choices_class(html):
    classes = every_choices_class()

    assert len(classes) >= 20
    assert {cls.__name__ for cls in about.choice_classes()} == {cls.__name__ for cls in classes}
    for cls in classes:
        assert f'id="{about.anchor_for(cls)}"' in html, cls.__name__


def test_the_codebook_lists_every_code_with_its_label_and_explanation(html):
    for cls in every_choices_class():
        text = section(html, about.anchor_for(cls))
        for member in cls:
            assert f"<code>{member.value}</code>" in text, f"{cls.__name__}.{member.name}"
            assert str(member.label) in text, f"{cls.__name__}.{member.name}"
            explanation = about.EXPLANATIONS[cls][member]
            assert str(explanation) in text, f"{cls.__name__}.{member.name}"


def test_every_code_has_an_explanation_of_its_own_class():
    for cls in every_choices_class():
        explained = about.EXPLANATIONS.get(cls, {})
        missing = [member.value for member in cls if not explained.get(member)]
        assert missing == [], f"{cls.__name__} has codes without an explanation: {missing}"
        # Keys must be the class's own members: "other" in one class is not "other" in another.
        assert all(type(key) is cls for key in explained), cls.__name__


def test_codes_shared_by_several_classes_keep_their_own_explanations(html):
    language = section(html, "code-language")
    machinery = section(html, "code-machinery-kind")

    assert "Written in another language." in language
    assert "Other machinery or equipment." not in language
    assert "Other machinery or equipment." in machinery


def test_precisions_show_their_ucdp_and_acled_equivalents(html):
    dates = section(html, about.anchor_for(DatePrecision))
    places = section(html, about.anchor_for(PlacePrecision))

    assert "UCDP date_prec" in dates and "ACLED time_precision" in dates
    assert "UCDP where_prec" in places and "ACLED geo_precision" in places
    month_row = dates[dates.index("<code>month</code>") :]
    assert re.match(r"<code>month</code></th>\s*<td>month</td>\s*<td>[^<]*</td>\s*<td>4</td><td>3</td>", month_row)
    region_row = places[places.index("<code>region</code>") :]
    assert re.search(r"^.*?<td>4</td><td>3</td>", region_row, re.S)


def test_every_incident_type_shows_the_acled_and_ucdp_types_the_exports_use(html):
    types = section(html, about.anchor_for(IncidentType))

    for member in IncidentType:
        mapping = TYPE_MAPPING[member]
        row = types[types.index(f"<code>{member.value}</code>") :].split("</tr>")[0]
        assert f"{mapping.event_type} / {mapping.sub_event_type}" in row, member
        if mapping.type_of_violence is not None:
            assert f"<td>{mapping.type_of_violence}, " in row, member
    assert "Violence against civilians / Abduction/forced disappearance" in types
    assert "Riots / Mob violence" in types


def test_the_codebook_names_the_fields_that_use_each_class(html):
    agencies = section(html, "code-agency")

    assert "enforcementoperation.agencies" in agencies
    assert "operationreport.agencies" in agencies
    assert "event." not in agencies


def test_headings_have_ids_for_the_table_of_contents(html):
    for anchor in ["what-veta-is", "methodology", "figures", "dates", "places", "codebook", "data", "sources", "cite"]:
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html
    assert html.count("<h1>") == 1


def test_the_page_explains_low_best_high_and_summary_reports(html):
    assert "<strong>low</strong>" in html and "<strong>best</strong>" in html and "<strong>high</strong>" in html
    assert "never added to single operations" in html
    assert "modulo-11 check digit" in html


def test_the_page_links_to_the_api_docs_the_feed_and_the_data_package(html):
    assert 'href="/api/v1/incidents/?format=acled"' in html
    assert f'href="{reverse("api-docs")}"' in html
    assert f'href="{reverse("feed-incidents")}"' in html
    assert f'href="{reverse("data-package")}"' in html


def test_the_page_names_the_reference_data_and_its_licences(html):
    assert "ubigeo-peru-aumentado" in html
    assert "MIT licence" in html
    assert "limites-peru-geojson" in html


def test_the_page_shows_how_to_cite_the_dataset_with_the_site_address(html):
    citation = section_of(html, "dataset-citation")
    assert "Veta: violence around illegal and informal gold mining in Peru [Data set]" in citation
    assert "from http://testserver/." in citation
    assert "url = {http://testserver/}," in citation


def test_the_codebook_labels_follow_the_readers_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = client.get("/about/")

    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
    with translation.override("es"):
        label = str(IncidentType.ARMED_ATTACK.label)
    assert label in unescape(response.content.decode())


def test_every_field_of_the_data_package_is_described_on_the_page(html):
    from overview.package import data_state, package_descriptor

    tables = [resource for resource in package_descriptor(data_state(), None)["resources"] if "schema" in resource]
    assert len(tables) > 20
    for resource in tables:
        start = html.index(f'id="table-{resource["name"]}"')
        table = html[start : html.index("</table>", start)]
        assert f"<code>{resource['path']}</code>" in table
        assert resource["description"] in table
        fields = resource["schema"]["fields"]
        assert table.count('<th scope="row">') == len(fields)
        for column in fields:
            # datapackage.json appends the codes to a coded field's description; the page links to them.
            description = column["description"].split(" Codes: ")[0]
            row = re.search(rf'<th scope="row"><code>{re.escape(column["name"])}</code></th>(.*?)</tr>', table, re.S)
            assert row is not None, (resource["name"], column["name"])
            assert f"<code>{column['type']}</code>" in row.group(1)
            assert description in row.group(1), (resource["name"], column["name"])
            if "enum" in column.get("constraints", {}):
                assert 'href="#code-' in row.group(1)


def test_a_coded_field_links_to_its_codes_in_the_codebook(html):
    table = section(html, "table-incidents")
    row = re.search(r'<th scope="row"><code>date_precision</code></th>(.*?)</tr>', table, re.S).group(1)
    assert '<a href="#code-date-precision">Codes: Date precision</a>' in row
    assert 'id="code-date-precision"' in html
