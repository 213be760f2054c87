"""The layout every page shares: navigation, language, editor badge, no inline scripts."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from overview.context_processors import NAVIGATION

pytestmark = pytest.mark.django_db

PAGES = [reverse(url_name) for url_name, _ in NAVIGATION]


@pytest.mark.parametrize("url", PAGES)
def test_every_section_page_links_to_every_other_section(client, url):
    html = client.get(url).content.decode()
    for url_name, _ in NAVIGATION:
        assert f'href="{reverse(url_name)}"' in html


@pytest.mark.parametrize("url", PAGES)
def test_every_section_page_marks_itself_as_the_current_one_in_the_navigation(client, url):
    html = client.get(url).content.decode()
    assert re.search(rf'<a href="{re.escape(url)}" aria-current="page">', html)


@pytest.mark.parametrize("url", PAGES)
def test_no_page_carries_inline_scripts_or_event_handlers(client, url):
    html = client.get(url).content.decode()
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, script
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)
    assert "javascript:" not in html.lower()


def test_the_browser_language_chooses_spanish(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es-PE,es;q=0.9").content.decode()
    assert '<html lang="es">' in html
    assert ">Incidentes</a>" in html
    assert ">Mapa</a>" in html


def test_english_is_the_default_language(client):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert ">Incidents</a>" in html


def test_the_language_switcher_remembers_the_choice_in_a_cookie(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/incidents/"})
    assert response.status_code == 302
    assert response["Location"] == "/incidents/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    html = client.get("/incidents/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in html


def test_the_language_switcher_is_a_labelled_form_that_works_without_javascript(client):
    html = client.get("/").content.decode()
    assert f'action="{reverse("set_language")}" method="post"' in html
    assert '<label for="language-select">' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_public_sees_no_editor_badge(client):
    assert "editor-badge" not in client.get("/").content.decode()


def test_an_editor_sees_the_badge_that_drafts_are_shown(client):
    editor = User.objects.create_user("editor", password="a-long-password-1")
    editor.user_permissions.add(Permission.objects.get(codename="change_incident"))
    client.force_login(editor)
    assert "editor-badge" in client.get("/").content.decode()


def test_every_spanish_message_is_translated():
    import polib

    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert missing == []


# The directories README's makemessages line leaves out.
MAKEMESSAGES_IGNORED = [".venv", ".data", "tests", "frontend", "bench"]


def test_every_message_in_the_code_and_templates_is_in_the_catalogue_translated(tmp_path, monkeypatch):
    """Extract the messages afresh, as README's makemessages line does, into a copy of the catalogue.

    The project is seen through symbolic links from a temporary folder holding a copy of
    locale/, so makemessages merges into the copy and the real catalogue is never written.
    A message added to the code without a translation, or left fuzzy, fails this test.
    """
    import polib
    from django.core.management import call_command
    from django.test import override_settings

    base = Path(settings.BASE_DIR)
    tree = tmp_path / "project"
    tree.mkdir()
    for entry in base.iterdir():
        if entry.name != "locale":
            (tree / entry.name).symlink_to(entry)
    shutil.copytree(base / "locale", tree / "locale")
    monkeypatch.chdir(tree)
    ignored = [f"--ignore={name}" for name in MAKEMESSAGES_IGNORED]
    with override_settings(LOCALE_PATHS=[tree / "locale"]):
        call_command("makemessages", "-l", "es", "--symlinks", *ignored, verbosity=0)

    extracted = polib.pofile(str(tree / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    current = [entry for entry in extracted if not entry.obsolete]
    assert len(current) > 1000  # the extraction found Veta's messages
    untranslated = [entry.msgid for entry in current if not entry.translated() and "fuzzy" not in entry.flags]
    fuzzy = [entry.msgid for entry in current if "fuzzy" in entry.flags]
    assert untranslated == []
    assert fuzzy == []
    committed = polib.pofile(str(base / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in committed if not entry.obsolete}
    assert [entry.msgid for entry in current if (entry.msgctxt, entry.msgid) not in known] == []


def test_a_detail_page_marks_its_section_in_the_navigation(client):
    html = client.get(reverse("region-detail", args=["17"])).content.decode()
    assert f'<a href="{reverse("region-list")}" aria-current="true">' in html


def test_an_editor_who_may_import_finds_the_import_pages_in_the_header(client):
    editor = User.objects.create_user("importer", password="a-long-password-1")
    editor.user_permissions.add(Permission.objects.get(codename="add_incident"))
    client.force_login(editor)
    html = client.get("/").content.decode()
    assert f'href="{reverse("incident-import")}"' in html
    assert f'href="{reverse("reinfo-import")}"' not in html


def test_the_public_sees_no_import_links(client):
    html = client.get("/").content.decode()
    assert reverse("incident-import") not in html and reverse("reinfo-import") not in html
