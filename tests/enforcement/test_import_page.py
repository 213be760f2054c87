"""/imports/reinfo/: editors upload a REINFO list, see every problem in a preview, confirm, and see the summary."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core import uploads as waiting_uploads
from enforcement.models import ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from tests.browser import screenshot
from tests.enforcement.test_import_reinfo import (
    BAD_ROW_PROBLEMS,
    BAD_ROWS,
    FIRST,
    LIST_ONE,
    LIST_TWO,
    SECOND,
    csv_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

URL = "/imports/reinfo/"


@pytest.fixture(autouse=True)
def uploads(tmp_path: Path, monkeypatch) -> Path:
    """Files waiting for confirmation go to a temporary folder, not the project's data folder."""
    folder = tmp_path / "uploads"
    monkeypatch.setattr(waiting_uploads, "upload_dir", lambda: folder)
    return folder


def make_user(username: str, *, staff: bool, may_import: bool) -> User:
    user = User.objects.create_user(username, password="a long pass phrase 42", is_staff=staff)
    if may_import:
        user.user_permissions.add(Permission.objects.get(codename="add_reinforecord"))
    return user


@pytest.fixture
def editor() -> Client:
    client = Client()
    client.force_login(make_user("editora", staff=True, may_import=True))
    return client


def upload(client: Client, data: bytes, name: str = "reinfo.csv", as_of=FIRST, **choices: object):
    fields = {"file": SimpleUploadedFile(name, data), "as_of": as_of.isoformat(), "is_complete": "on", **choices}
    return client.post(URL, fields)


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def confirm(client: Client, response, **fields: object):
    return client.post(URL, {"token": token_of(response), "action": "confirm", **fields})


def text(response) -> str:
    return response.content.decode()


# Who may import


def test_anonymous_users_are_sent_to_the_login_page() -> None:
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={URL}"


@pytest.mark.parametrize(
    ("staff", "may_import"),
    [(False, True), (True, False), (False, False)],
    ids=["not staff", "no permission", "neither"],
)
def test_users_without_staff_status_and_the_permission_are_refused(staff: bool, may_import: bool) -> None:
    client = Client()
    client.force_login(make_user("someone", staff=staff, may_import=may_import))

    assert client.get(URL).status_code == 403
    assert upload(client, csv_bytes(LIST_ONE)).status_code == 403
    assert ReinfoSnapshot.objects.count() == 0


def test_the_forms_need_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editora", staff=True, may_import=True))

    assert upload(client, csv_bytes(LIST_ONE)).status_code == 403


# The form


def test_the_page_shows_the_upload_form_and_the_columns(editor: Client) -> None:
    response = editor.get(URL)

    page = text(response)
    assert response.status_code == 200
    assert page.count("<h1>") == 1
    assert "<h1>Import a REINFO list</h1>" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    for field in ("file", "as_of", "is_complete", "skip_invalid"):
        assert f'id="id_{field}"' in page and f'for="id_{field}"' in page
    assert 'type="date"' in page
    assert re.search(r'<input type="checkbox" name="is_complete"[^>]*checked', page)
    assert "<code>NOMBRE DEL DECLARANTE</code>" in page
    assert "<code>DECLARANTE</code>" in page


def test_the_page_has_no_inline_script_or_style(editor: Client) -> None:
    page = text(editor.get(URL)) + text(upload(editor, csv_bytes(BAD_ROWS)))

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)


def test_the_page_follows_the_reader_s_language(editor: Client) -> None:
    response = editor.get(URL, HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    assert '<html lang="es">' in text(response)


def test_a_missing_date_is_a_form_error(editor: Client) -> None:
    response = editor.post(URL, {"file": SimpleUploadedFile("reinfo.csv", csv_bytes(LIST_ONE)), "as_of": ""})

    assert response.status_code == 400
    assert "This field is required." in text(response)


# Preview and confirmation


def test_a_valid_list_is_previewed_without_writing_then_imported_on_confirmation(editor: Client, uploads: Path) -> None:
    preview = upload(editor, csv_bytes(LIST_ONE), name="REINFO-nov.csv")

    page = text(preview)
    assert preview.status_code == 200
    assert "<h1>Check the REINFO list</h1>" in page
    assert "has been checked; nothing has been written yet" in page
    assert "ÑAHUI QUISPE JOSÉ" in page and "<td>070000303</td>" in page
    assert "The first 3 rows of 3, as the file gives them." in page
    assert "CSV, utf-8, comma separated" in page
    assert re.search(r"<dt>New records</dt><dd>3</dd>", page)
    assert "Import 3 rows" in page
    assert ReinfoSnapshot.objects.count() == ReinfoRecord.objects.count() == 0
    [waiting] = uploads.iterdir()
    assert waiting.stat().st_mode & 0o777 == 0o600

    done = confirm(editor, preview)

    assert done.status_code == 200
    assert "<h1>REINFO list imported</h1>" in text(done)
    assert "is recorded as the REINFO list of" in text(done)
    assert re.search(r"<dt>New records</dt><dd>3</dd>", text(done))
    snapshot = ReinfoSnapshot.objects.get()
    assert (snapshot.as_of, snapshot.file_name, snapshot.row_count) == (FIRST, "REINFO-nov.csv", 3)
    assert ReinfoRecord.objects.count() == ReinfoStatusChange.objects.count() == 3
    assert list(uploads.iterdir()) == []
    assert "reinfo_import" not in editor.session


def test_an_xlsx_list_is_previewed_and_imported(editor: Client) -> None:
    preview = upload(editor, xlsx_bytes(LIST_ONE), name="reinfo.xlsx")

    assert "<dd>XLSX</dd>" in text(preview)
    assert confirm(editor, preview).status_code == 200
    assert ReinfoRecord.objects.count() == 3


def test_the_preview_of_a_second_list_says_what_will_change(editor: Client) -> None:
    confirm(editor, upload(editor, csv_bytes(LIST_ONE)))

    preview = upload(editor, csv_bytes(LIST_TWO), as_of=SECOND)

    page = text(preview)
    for label, number in [("New records", 1), ("Status changed", 1), ("Unchanged", 1), ("No longer listed", 1)]:
        assert f"<dt>{label}</dt><dd>{number}</dd>" in page
    assert "vigente (current)" in page and "suspendido (suspended)" in page
    done = confirm(editor, preview)
    assert "<dt>No longer listed</dt><dd>1</dd>" in text(done)
    assert ReinfoSnapshot.objects.count() == 2


def test_every_problem_is_listed_with_its_line_and_column(editor: Client) -> None:
    preview = upload(editor, csv_bytes(BAD_ROWS))

    page = text(preview)
    assert preview.status_code == 200
    assert "10 problems" in page
    for problem in BAD_ROW_PROBLEMS:
        line, column, message = re.match(r"line (\d+), ([^:]+): (.*)", problem).groups()
        html_message = message.replace("'", "&#x27;")
        assert f'<td class="number">{line}</td>\n          <td>{column}</td>\n          <td>{html_message}</td>' in page
    assert "<dt>Rows with problems</dt><dd>9</dd>" in page
    assert 'name="skip_invalid"' in page
    assert "Import 2 rows" in page


def test_rows_with_problems_block_the_import_unless_skipped(editor: Client) -> None:
    preview = upload(editor, csv_bytes(BAD_ROWS))

    refused = confirm(editor, preview)

    assert refused.status_code == 400
    assert ReinfoSnapshot.objects.count() == 0
    done = confirm(editor, refused, skip_invalid="on")
    assert done.status_code == 200
    assert "<dt>Rows skipped</dt><dd>9</dd>" in text(done)
    assert "Lines skipped: 3, 4, 5, 6, 7, 8, 9, 10, 11" in text(done)
    assert ReinfoRecord.objects.count() == 2


def test_skip_invalid_chosen_with_the_upload_is_ticked_in_the_preview(editor: Client) -> None:
    preview = upload(editor, csv_bytes(BAD_ROWS), skip_invalid="on")

    assert re.search(r'<input type="checkbox" name="skip_invalid"[^>]*checked', text(preview))


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (xlsx_bytes(LIST_ONE)[:-300], "reinfo.xlsx", "The XLSX workbook cannot be read: it is damaged or truncated ("),
        (csv_bytes(LIST_ONE, encoding="utf-16-le"), "reinfo.csv", "line 1: the file contains NUL bytes"),
        (b"RUC,ESTADO\n", "reinfo.csv", "line 1: the column “NOMBRE DEL DECLARANTE” is missing."),
    ],
    ids=["truncated xlsx", "wrong encoding", "missing columns"],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(
    editor: Client, data: bytes, name: str, message: str
) -> None:
    response = upload(editor, data, name=name)

    assert response.status_code == 400
    assert "The file cannot be imported" in text(response)
    assert message in text(response)


def test_a_list_older_than_the_latest_cannot_be_confirmed(editor: Client) -> None:
    confirm(editor, upload(editor, csv_bytes(LIST_TWO), as_of=SECOND))

    preview = upload(editor, csv_bytes(LIST_ONE), as_of=FIRST)

    page = text(preview)
    assert "This list cannot be imported" in page
    assert "The list of 2025-12-31 is already imported: lists are imported oldest first." in page
    assert 'value="confirm"' not in page


def test_the_same_file_imported_again_changes_nothing(editor: Client) -> None:
    confirm(editor, upload(editor, csv_bytes(LIST_ONE)))
    changes = ReinfoStatusChange.objects.count()

    preview = upload(editor, csv_bytes(LIST_ONE))
    done = confirm(editor, preview)

    assert "<dt>Unchanged</dt><dd>3</dd>" in text(preview)
    assert "was already imported as the REINFO list of" in text(done)
    assert ReinfoSnapshot.objects.count() == 1
    assert ReinfoStatusChange.objects.count() == changes


# The waiting file


def test_a_confirmation_cannot_be_replayed(editor: Client) -> None:
    preview = upload(editor, csv_bytes(LIST_ONE))
    confirm(editor, preview)

    again = confirm(editor, preview)

    assert again.status_code == 400
    assert "This upload has expired or was already imported: upload the file again." in text(again)


def test_another_session_cannot_confirm_an_upload() -> None:
    first, second = Client(), Client()
    first.force_login(make_user("editora", staff=True, may_import=True))
    second.force_login(make_user("editor", staff=True, may_import=True))
    preview = upload(first, csv_bytes(LIST_ONE))

    response = confirm(second, preview)

    assert response.status_code == 400
    assert ReinfoSnapshot.objects.count() == 0


def test_a_waiting_file_changed_on_disk_is_refused(editor: Client, uploads: Path) -> None:
    preview = upload(editor, csv_bytes(LIST_ONE))
    [waiting] = uploads.iterdir()
    waiting.write_bytes(csv_bytes(LIST_TWO))

    response = confirm(editor, preview)

    assert response.status_code == 400
    assert ReinfoSnapshot.objects.count() == 0


def test_cancelling_deletes_the_waiting_file(editor: Client, uploads: Path) -> None:
    preview = upload(editor, csv_bytes(LIST_ONE))

    response = editor.post(URL, {"token": token_of(preview), "action": "cancel"})

    assert response.status_code == 200
    assert "<h1>Import a REINFO list</h1>" in text(response)
    assert list(uploads.iterdir()) == []
    assert ReinfoSnapshot.objects.count() == 0


def test_a_new_upload_replaces_the_one_waiting(editor: Client, uploads: Path) -> None:
    upload(editor, csv_bytes(LIST_ONE))

    upload(editor, csv_bytes(LIST_TWO))

    assert len(list(uploads.iterdir())) == 1


# How it looks


@pytest.fixture
def serve_html(page, http_server):
    """Show a server-rendered page in the browser at an address of the test server.

    The browser's server runs outside the test's transaction and cannot see the editor
    this test signs in; the page is rendered by the test client and handed to the
    browser, which loads its styles and scripts from the real test server.
    """

    def show(html: str, width: int = 1280) -> None:
        address = f"{http_server}/imports/reinfo/"
        page.set_viewport_size({"width": width, "height": 900})
        page.route(address, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        page.goto(address)
        page.unroute(address)

    return show


def test_screenshots_of_the_import_steps(editor: Client, page, serve_html) -> None:
    serve_html(text(editor.get(URL)))
    assert page.locator("h1").inner_text() == "Import a REINFO list"
    screenshot(page, "reinfo-import-form")

    confirm(editor, upload(editor, csv_bytes(LIST_ONE)))
    preview = upload(editor, csv_bytes([*LIST_TWO, *BAD_ROWS[1:]]), as_of=SECOND)
    serve_html(text(preview))
    assert page.get_by_role("button", name=re.compile(r"^Import \d+ rows$")).is_visible()
    screenshot(page, "reinfo-import-preview")
    serve_html(text(preview), width=390)
    screenshot(page, "reinfo-import-preview-narrow")

    done = confirm(editor, preview, skip_invalid="on")
    serve_html(text(done))
    assert page.locator("h1").inner_text() == "REINFO list imported"
    screenshot(page, "reinfo-import-done")
