"""Who gets what: every page and endpoint × anonymous, partner, editor, reviewer and admin.

The URL names come from Veta's URL patterns themselves, so a new URL without a row here
fails `test_every_url_has_a_row`, and a row for a URL that no longer exists fails too.
The cast is made as in production: newsroom accounts with `manage.py create_user`, the
partner's key with `manage.py create_api_key`. Partners send their key (pages ignore it:
to them a partner is a visitor); newsroom accounts are signed in with a session.

Besides the status, the rows with drafts prove drafts never reach the public, and
`test_private_casualty_data_...` that names and ages kept private reach only the newsroom.
"""

import datetime
import io
import re
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.choices import DatePrecision, ModerationStatus, PlacePrecision, RevisionStatus
from core.models import Revision
from enforcement.choices import ReinfoStatus
from enforcement.models import EnforcementOperation, OperationReport, ReinfoRecord, ReinfoSnapshot
from enforcement.validators import ruc_check_digit
from incidents.models import Actor, Casualty, Incident, Source
from regions.models import MiningSite, ProtectedArea

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ("anonymous", "partner", "editor", "reviewer", "admin")
PASSWORD = "matrix password, long enough"
DRAFT_TITLE = "Unverified draft: shots at a Huepetuhe dredge"
PRIVATE_NAME = "Eulalia Reservada Condori"
PRIVATE_AGE = 113

# Shorthands for a row's expected statuses, in ROLES order.
ALL = (200, 200, 200, 200, 200)
NEWSROOM = (404, 404, 200, 200, 200)  # drafts: unknown to the public, shown to signed-in editors
LOGIN = 302  # a page that needs an account redirects to the admin login


def walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name


def url_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for route, name in walk(get_resolver().url_patterns):
        if name is None:  # the admin's unnamed redirects and catch-all; nothing else is unnamed
            name = f"admin:<unnamed {route}>" if route.startswith("admin/") else f"<unnamed {route}>"
        names.setdefault(name, []).append(route)
    return names


# --- The cast and the records -------------------------------------------------------------


@pytest.fixture
def clients() -> dict[str, Client]:
    out = io.StringIO()
    call_command("create_api_key", "matrix-partner", stdout=out, stderr=io.StringIO())
    cast = {"anonymous": Client(), "partner": Client(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")}
    for role in ("editor", "reviewer", "admin"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("MATRIX_PASSWORD", PASSWORD)
            call_command(
                "create_user", f"matrix-{role}", role=role, password_from_env="MATRIX_PASSWORD", stderr=io.StringIO()
            )
        client = Client()
        client.force_login(User.objects.get(username=f"matrix-{role}"))
        cast[role] = client
    return cast


@pytest.fixture
def records(clients) -> dict[str, object]:
    """Published records from the real records, a draft of each kind that has drafts, and the editor's proposal."""
    published = Incident.objects.filter(status=ModerationStatus.PUBLISHED, district__isnull=False).first()
    draft = Incident.objects.create(
        title=DRAFT_TITLE,
        incident_type="armed_attack",
        date_start=datetime.date(2026, 2, 3),
        date_end=datetime.date(2026, 2, 3),
        date_precision=DatePrecision.DAY,
        region_id="17",
        place_precision=PlacePrecision.REGION,
        status=ModerationStatus.DRAFT,
    )
    operation = EnforcementOperation.objects.filter(status=ModerationStatus.PUBLISHED).first()
    draft_operation = EnforcementOperation.objects.get(pk=operation.pk)
    draft_operation.pk = None
    draft_operation.import_key = None
    draft_operation.status = ModerationStatus.DRAFT
    draft_operation.save()
    site = MiningSite.objects.filter(status=ModerationStatus.PUBLISHED).first()
    draft_site = MiningSite.objects.get(pk=site.pk)
    draft_site.pk = None
    draft_site.import_key = None
    draft_site.name = "Unverified camp on the Inambari"
    draft_site.status = ModerationStatus.DRAFT
    draft_site.save()
    snapshot = ReinfoSnapshot.objects.create(as_of=datetime.date(2025, 12, 31), file_name="reinfo.csv", row_count=1)
    record = ReinfoRecord.objects.create(
        ruc="2060000001" + str(ruc_check_digit("2060000001")),
        declarant_name="Minera Matriz S.A.C.",
        codigo_unico="010000999",
        district_id="170101",
        status=ReinfoStatus.VIGENTE,
        first_snapshot=snapshot,
        last_snapshot=snapshot,
    )
    revision = Revision.objects.create(
        model_label="incidents.incident",
        object_id=published.pk,
        changes={"fields": {"title": "Proposed, not published"}},
        proposed_by=User.objects.get(username="matrix-editor"),
    )
    return {
        "revision": revision,
        "incident": published,
        "draft": draft,
        "operation": operation,
        "draft_operation": draft_operation,
        "site": site,
        "draft_site": draft_site,
        "source": Source.objects.first(),
        "actor": Actor.objects.first(),
        "protected_area": ProtectedArea.objects.first(),
        "report": OperationReport.objects.first(),
        "snapshot": snapshot,
        "record": record,
    }


# --- The matrix -----------------------------------------------------------------------------

Row = tuple[Callable[[dict], str], tuple[int, int, int, int, int]]
API = "/api/v1"

# GET of every named URL outside the admin: (URL from the records, statuses in ROLES order).
# A name may have several rows (a published record and a draft).
MATRIX: dict[str, list[Row]] = {
    "home": [(lambda r: "/", ALL)],
    "about": [(lambda r: "/about/", ALL)],
    "data-package": [(lambda r: "/about/veta-data.zip", ALL)],
    "map": [(lambda r: "/map/", ALL)],
    "map-regions": [(lambda r: "/map/regions.geojson", ALL)],
    "timeline": [(lambda r: "/timeline/", ALL)],
    "incident-list": [(lambda r: "/incidents/", ALL)],
    "incident-detail": [
        (lambda r: f"/incidents/{r['incident'].pk}/", ALL),
        (lambda r: f"/incidents/{r['draft'].pk}/", NEWSROOM),
    ],
    "source-detail": [(lambda r: f"/sources/{r['source'].pk}/", ALL)],
    "region-list": [(lambda r: "/regions/", ALL)],
    "region-detail": [(lambda r: f"/regions/{r['incident'].region_id}/", ALL)],
    "province-detail": [(lambda r: f"/provinces/{r['incident'].province_id}/", ALL)],
    "district-detail": [(lambda r: f"/districts/{r['incident'].district_id}/", ALL)],
    "site-list": [(lambda r: "/sites/", ALL)],
    "site-detail": [
        (lambda r: f"/sites/{r['site'].pk}/", ALL),
        (lambda r: f"/sites/{r['draft_site'].pk}/", NEWSROOM),
    ],
    "operation-list": [(lambda r: "/operations/", ALL)],
    "operation-detail": [
        (lambda r: f"/operations/{r['operation'].pk}/", ALL),
        (lambda r: f"/operations/{r['draft_operation'].pk}/", NEWSROOM),
    ],
    "reinfo-list": [(lambda r: "/reinfo/", ALL)],
    "feed-incidents": [(lambda r: "/feeds/incidents/", ALL)],
    "feed-region": [(lambda r: f"/feeds/regions/{r['incident'].region_id}/", ALL)],
    # What crawlers and link previews read: public; a draft's share image as its page.
    "robots-txt": [(lambda r: "/robots.txt", ALL)],
    "favicon": [(lambda r: "/favicon.ico", (302,) * 5)],
    "sitemap-index": [(lambda r: "/sitemap.xml", ALL)],
    "django.contrib.sitemaps.views.sitemap": [(lambda r: "/sitemap-incidents.xml", ALL)],
    "share-image-home": [(lambda r: "/share/dashboard.png", ALL)],
    "share-image-region": [(lambda r: f"/share/regions/{r['incident'].region_id}.png", ALL)],
    "share-image-incident": [
        (lambda r: f"/share/incidents/{r['incident'].pk}.png", ALL),
        (lambda r: f"/share/incidents/{r['draft'].pk}.png", NEWSROOM),
    ],
    "feed-province": [(lambda r: f"/feeds/provinces/{r['incident'].province_id}/", ALL)],
    "feed-district": [(lambda r: f"/feeds/districts/{r['incident'].district_id}/", ALL)],
    "map-provinces": [(lambda r: f"/map/provinces.geojson?within={r['incident'].region_id}", ALL)],
    "source-index": [(lambda r: "/sources/", ALL)],
    "statistics": [(lambda r: "/statistics/", ALL)],
    # A list page's downloads: public, each reader's own visibility (drafts for the newsroom).
    "incident-export": [(lambda r: "/incidents/export/?format=csv", ALL)],
    "operation-export": [(lambda r: "/operations/export/?format=csv", ALL)],
    "site-export": [(lambda r: "/sites/export/?format=geojson", ALL)],
    "reinfo-export": [(lambda r: "/reinfo/export/?format=csv", ALL)],
    # Releases and embeds are public; a draft incident has no embed, even for the newsroom.
    "release-list": [(lambda r: "/about/releases/", ALL)],
    "release-file": [(lambda r: "/about/releases/1/SHA256SUMS", (404,) * 5)],
    "api:release-list": [(lambda r: f"{API}/releases/", ALL)],
    "api:release-detail": [(lambda r: f"{API}/releases/1/", (404,) * 5)],
    "embed-region-casualties": [(lambda r: f"/embed/regions/{r['incident'].region_id}/casualties/", ALL)],
    "embed-region-casualties-file": [(lambda r: f"/embed/regions/{r['incident'].region_id}/casualties.svg", ALL)],
    "embed-region-map": [(lambda r: f"/embed/regions/{r['incident'].region_id}/map/", ALL)],
    "embed-incident": [
        (lambda r: f"/embed/incidents/{r['incident'].pk}/", ALL),
        (lambda r: f"/embed/incidents/{r['draft'].pk}/", (404,) * 5),
    ],
    "oembed": [(lambda r: f"/oembed/?url=/incidents/{r['incident'].pk}/", ALL)],
    # Following a place needs no account; the signed links refuse a token Veta did not sign.
    "alert-follow": [(lambda r: f"/alerts/follow/?region={r['incident'].region_id}", ALL)],
    "alert-confirm": [(lambda r: "/alerts/confirm/not-signed/", (400,) * 5)],
    "alert-unsubscribe": [(lambda r: "/alerts/unsubscribe/not-signed/", (400,) * 5)],
    "alert-manage": [(lambda r: "/alerts/manage/not-signed/", (400,) * 5)],
    # Editors' pages: an account is needed, then the permission to add what is imported or to publish.
    "incident-import": [(lambda r: "/imports/incidents/", (LOGIN, LOGIN, 200, 200, 200))],
    "reinfo-import": [(lambda r: "/imports/reinfo/", (LOGIN, LOGIN, 200, 200, 200))],
    "review-queue": [(lambda r: "/review/", (LOGIN, LOGIN, 403, 200, 200))],
    "intake": [(lambda r: "/intake/", (LOGIN, LOGIN, 200, 200, 200))],
    # The language switcher changes the language on POST only; a GET is sent back where it came from.
    "set_language": [(lambda r: "/i18n/setlang/", (302,) * 5)],
    "api-docs": [(lambda r: "/api/docs/", ALL)],
    "api-redoc": [(lambda r: "/api/redoc/", ALL)],
    "api:api-root": [(lambda r: f"{API}/", ALL)],
    "api:schema": [(lambda r: f"{API}/schema/", ALL)],
    "api:stats-incidents": [(lambda r: f"{API}/stats/incidents/?group_by=region", ALL)],
    "api:stats-operations": [(lambda r: f"{API}/stats/operations/?group_by=region", ALL)],
    "api:stats-reinfo": [(lambda r: f"{API}/stats/reinfo/?group_by=region", ALL)],
    "api:deletions": [(lambda r: f"{API}/deletions/?since=2020-01-01T00:00:00Z", ALL)],
    # POST only: a GET is refused to those without an editor's key, and not allowed to editors.
    "api:intake": [(lambda r: f"{API}/intake/", (401, 403, 405, 405, 405))],
    "api:region-list": [(lambda r: f"{API}/regions/", ALL)],
    "api:region-detail": [(lambda r: f"{API}/regions/17/", ALL)],
    "api:province-list": [(lambda r: f"{API}/provinces/", ALL)],
    "api:province-detail": [(lambda r: f"{API}/provinces/1701/", ALL)],
    "api:district-list": [(lambda r: f"{API}/districts/", ALL)],
    "api:district-detail": [(lambda r: f"{API}/districts/170101/", ALL)],
    "api:protected-area-list": [(lambda r: f"{API}/protected-areas/", ALL)],
    "api:protected-area-detail": [(lambda r: f"{API}/protected-areas/{r['protected_area'].pk}/", ALL)],
    "api:mining-site-list": [(lambda r: f"{API}/mining-sites/", ALL)],
    "api:mining-site-detail": [
        (lambda r: f"{API}/mining-sites/{r['site'].pk}/", ALL),
        (lambda r: f"{API}/mining-sites/{r['draft_site'].pk}/", NEWSROOM),
    ],
    "api:incident-list": [(lambda r: f"{API}/incidents/", ALL)],
    "api:incident-detail": [
        (lambda r: f"{API}/incidents/{r['incident'].pk}/", ALL),
        (lambda r: f"{API}/incidents/{r['draft'].pk}/", NEWSROOM),
    ],
    "api:actor-list": [(lambda r: f"{API}/actors/", ALL)],
    "api:actor-detail": [(lambda r: f"{API}/actors/{r['actor'].pk}/", ALL)],
    "api:source-list": [(lambda r: f"{API}/sources/", ALL)],
    "api:source-detail": [(lambda r: f"{API}/sources/{r['source'].pk}/", ALL)],
    "api:operation-list": [(lambda r: f"{API}/operations/", ALL)],
    "api:operation-detail": [
        (lambda r: f"{API}/operations/{r['operation'].pk}/", ALL),
        (lambda r: f"{API}/operations/{r['draft_operation'].pk}/", NEWSROOM),
    ],
    "api:operation-report-list": [(lambda r: f"{API}/operation-reports/", ALL)],
    "api:operation-report-detail": [(lambda r: f"{API}/operation-reports/{r['report'].pk}/", ALL)],
    "api:reinfo-record-list": [(lambda r: f"{API}/reinfo-records/", ALL)],
    "api:reinfo-record-detail": [(lambda r: f"{API}/reinfo-records/{r['record'].pk}/", ALL)],
    "api:reinfo-snapshot-list": [(lambda r: f"{API}/reinfo-snapshots/", ALL)],
    "api:reinfo-snapshot-detail": [(lambda r: f"{API}/reinfo-snapshots/{r['snapshot'].pk}/", ALL)],
    # Moderation moves take POST only (see WRITES); a GET needs an account first.
    "api:incident-transition": [
        (lambda r: f"{API}/incidents/{r['incident'].pk}/transition/", (401, 405, 405, 405, 405))
    ],
    "api:operation-transition": [
        (lambda r: f"{API}/operations/{r['operation'].pk}/transition/", (401, 405, 405, 405, 405))
    ],
    "api:mining-site-transition": [
        (lambda r: f"{API}/mining-sites/{r['site'].pk}/transition/", (401, 405, 405, 405, 405))
    ],
    # Proposed revisions: the newsroom's (an editor sees their own, reviewers all); deciding takes POST
    # only (test_proposed_revisions_...).
    "api:revision-list": [(lambda r: f"{API}/revisions/", (401, 403, 200, 200, 200))],
    "api:revision-detail": [(lambda r: f"{API}/revisions/{r['revision'].pk}/", (401, 403, 200, 200, 200))],
    "api:revision-accept": [(lambda r: f"{API}/revisions/{r['revision'].pk}/accept/", (401, 403, 405, 405, 405))],
    "api:revision-return": [(lambda r: f"{API}/revisions/{r['revision'].pk}/return/", (401, 403, 405, 405, 405))],
    # Merging takes POST only too (test_only_reviewers_and_admins_may_merge_incidents).
    "api:incident-merge": [(lambda r: f"{API}/incidents/{r['incident'].pk}/merge/", (401, 405, 405, 405, 405))],
}

# The admin, by URL name, for the newsroom (anonymous visitors and partners are sent to the
# login page by every admin URL: test_the_admin_sends_visitors_and_partners_to_the_login).
STAFF = (200, 200, 200)
ADMIN_ONLY = (403, 403, 200)
ADMIN_MATRIX: dict[str, tuple[str, tuple[int, int, int]]] = {
    "admin:index": ("/admin/", STAFF),
    "admin:incidents_incident_changelist": ("/admin/incidents/incident/", STAFF),
    "admin:incidents_casualty_changelist": ("/admin/incidents/casualty/", STAFF),
    "admin:core_revision_changelist": ("/admin/core/revision/", STAFF),
    "admin:enforcement_reinforecord_changelist": ("/admin/enforcement/reinforecord/", STAFF),
    "admin:auth_user_changelist": ("/admin/auth/user/", ADMIN_ONLY),
    "admin:auth_group_changelist": ("/admin/auth/group/", ADMIN_ONLY),
    "admin:authtoken_tokenproxy_changelist": ("/admin/authtoken/tokenproxy/", ADMIN_ONLY),
    # Lockouts are lifted with `manage.py axes_reset…` or by a superuser, not by the newsroom.
    "admin:axes_accessattempt_changelist": ("/admin/axes/accessattempt/", (403, 403, 403)),
}


def expected_failures(clients: dict[str, Client], records: dict, rows: dict[str, list[Row]]) -> list[str]:
    failures = []
    for name, cases in rows.items():
        for url_of, statuses in cases:
            url = url_of(records)
            for role, expected in zip(ROLES, statuses, strict=True):
                status = clients[role].get(url).status_code
                if status != expected:
                    failures.append(f"{name} {url} as {role}: {status}, expected {expected}")
    return failures


def test_every_url_has_a_row() -> None:
    names = set(url_names())
    outside_admin = {name for name in names if not name.startswith("admin:")}
    assert sorted(outside_admin - set(MATRIX)) == [], "URLs without a row in MATRIX"
    assert sorted(set(MATRIX) - outside_admin) == [], "rows for URLs that no longer exist"
    assert sorted(set(ADMIN_MATRIX) - names) == [], "admin rows for URLs that no longer exist"


def test_every_page_and_endpoint_answers_each_role_as_the_matrix_says(clients, records) -> None:
    assert expected_failures(clients, records, MATRIX) == []


def test_the_newsroom_reaches_the_admin_pages_its_group_allows(clients) -> None:
    failures = []
    for name, (url, statuses) in ADMIN_MATRIX.items():
        for role, expected in zip(("editor", "reviewer", "admin"), statuses, strict=True):
            status = clients[role].get(url).status_code
            if status != expected:
                failures.append(f"{name} {url} as {role}: {status}, expected {expected}")
    assert failures == []


def concrete_admin_url(route: str) -> str:
    """An admin route with each parameter filled in; the login redirect comes before any lookup."""
    url = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    url = re.sub(r"\(\?P<app_label>[^)]*\)", "incidents", url)
    return "/" + url.lstrip("^").rstrip("$")


def test_the_admin_sends_visitors_and_partners_to_the_login(clients) -> None:
    admin_routes = [(name, routes[0]) for name, routes in url_names().items() if name.startswith("admin:")]
    assert len(admin_routes) > 100  # every model's pages, not just the index
    failures = []
    for name, route in admin_routes:
        url = concrete_admin_url(route)
        for role in ("anonymous", "partner"):
            response = clients[role].get(url)
            if name == "admin:login":
                ok = response.status_code == 200
            elif name == "admin:logout":  # sent to the index, which sends them to the login
                ok = response.status_code == 302 and response["Location"] == "/admin/"
            else:
                ok = response.status_code == 302 and response["Location"].startswith("/admin/login/")
            if not ok:
                failures.append(f"{name} {url} as {role}: {response.status_code}")
    assert failures == []


# --- Private casualty data ------------------------------------------------------------------

PRIVATE_OUTPUTS = {
    # output: roles that see private names and ages (those who may change casualties)
    "api detail": ("editor", "reviewer", "admin"),
    "api list": ("editor", "reviewer", "admin"),
    "api csv": (),
    "api geojson": (),
    "page": (),
    "feed": (),
}


def test_private_casualty_data_reaches_only_the_newsroom_and_only_through_the_api(clients, records) -> None:
    incident = records["incident"]
    Casualty.objects.create(
        incident=incident, outcome="killed", role="miner", count=1, name=PRIVATE_NAME, age=PRIVATE_AGE
    )
    urls = {
        "api detail": f"{API}/incidents/{incident.pk}/",
        "api list": f"{API}/incidents/?region={incident.region_id}",
        "api csv": f"{API}/incidents/?region={incident.region_id}&format=csv",
        "api geojson": f"{API}/incidents/?region={incident.region_id}&format=geojson",
        "page": f"/incidents/{incident.pk}/",
        "feed": "/feeds/incidents/",
    }
    seen = {}
    for output, url in urls.items():
        for role in ROLES:
            response = clients[role].get(url)
            assert response.status_code == 200, (output, role)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode()
            assert (PRIVATE_NAME in text) == (f'"age":{PRIVATE_AGE}' in text.replace(" ", "")), (output, role)
            seen[output, role] = PRIVATE_NAME in text
    assert {key for key, shown in seen.items() if shown} == {
        (output, role) for output, roles in PRIVATE_OUTPUTS.items() for role in roles
    }


def test_drafts_stay_out_of_every_public_list_export_and_feed(clients, records) -> None:
    lists = [
        "/incidents/?region=17",
        "/sites/",
        "/operations/",
        "/feeds/incidents/",
        "/feeds/regions/17/",
        f"{API}/incidents/?region=17",
        f"{API}/incidents/?region=17&format=csv",
        f"{API}/incidents/?region=17&format=geojson",
        f"{API}/mining-sites/",
        f"{API}/operations/?format=csv",
    ]
    draft_texts = [DRAFT_TITLE, records["draft_site"].name]
    for role in ("anonymous", "partner"):
        for url in lists:
            response = clients[role].get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode()
            assert not any(draft in text for draft in draft_texts), (url, role)
    # The same lists do show the drafts to the newsroom, so the check above can fail.
    editor_list = clients["editor"].get(f"{API}/incidents/?region=17").content.decode()
    assert DRAFT_TITLE in editor_list


# --- Writes ---------------------------------------------------------------------------------

# Every writable resource: POST an empty body to the list (a 400 means the permission passed
# and the body was refused, so nothing is written) and DELETE a record that does not exist
# (a 404 means the permission passed). Statuses in ROLES order.
WRITABLE = {
    "regions": ((401, 403, 403, 403, 400), (401, 403, 403, 403, 404)),
    "provinces": ((401, 403, 403, 403, 400), (401, 403, 403, 403, 404)),
    "districts": ((401, 403, 403, 403, 400), (401, 403, 403, 403, 404)),
    "protected-areas": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "mining-sites": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "incidents": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "actors": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "sources": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "operations": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "operation-reports": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "reinfo-records": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    "reinfo-snapshots": ((401, 403, 400, 400, 400), (401, 403, 403, 404, 404)),
    # Revisions are opened by PATCH/PUT of a public record and decided by their actions, never posted.
    "revisions": ((401, 403, 405, 405, 405), (401, 403, 405, 405, 405)),
    # Releases are made by `manage.py release` only: the API reads them, for everyone alike.
    "releases": ((405,) * 5, (405,) * 5),
}


def test_writes_need_the_model_permission_of_the_role(clients) -> None:
    api_lists = [name for name in url_names() if name.startswith("api:") and name.endswith("-list")]
    resources = {name.removeprefix("api:").removesuffix("-list") + "s" for name in api_lists}
    assert resources == set(WRITABLE), "every resource of the API has a row"
    failures = []
    for resource, (post_statuses, delete_statuses) in WRITABLE.items():
        missing = "99" if resource == "regions" else "999999999"
        for role, post_expected, delete_expected in zip(ROLES, post_statuses, delete_statuses, strict=True):
            client = clients[role]
            status = client.post(f"{API}/{resource}/", {}, content_type="application/json").status_code
            if status != post_expected:
                failures.append(f"POST {resource} as {role}: {status}, expected {post_expected}")
            status = client.delete(f"{API}/{resource}/{missing}/").status_code
            if status != delete_expected:
                failures.append(f"DELETE {resource} as {role}: {status}, expected {delete_expected}")
    assert failures == []


def test_only_reviewers_and_admins_may_publish_and_the_public_cannot_see_the_draft_to_move(clients, records) -> None:
    url = f"{API}/incidents/{records['draft'].pk}/transition/"
    statuses = {
        role: clients[role].post(url, {"action": "publish"}, content_type="application/json").status_code
        for role in ROLES
    }
    assert statuses["anonymous"] == 401
    assert statuses["partner"] == 404  # a draft does not exist for a partner
    assert statuses["editor"] == 403
    # A draft goes to review before it is published: the move is refused for its state.
    assert statuses["reviewer"] == statuses["admin"] == 409
    records["draft"].refresh_from_db()
    assert records["draft"].status == ModerationStatus.DRAFT


def test_only_reviewers_and_admins_may_merge_incidents(clients, records) -> None:
    # Merging the draft into the published incident: refused for all but the reviewer's permission.
    url = f"{API}/incidents/{records['draft'].pk}/merge/"
    body = {"into": records["incident"].pk}
    statuses = {
        role: clients[role].post(url, body, content_type="application/json").status_code
        for role in ("anonymous", "partner", "editor")
    }
    assert statuses == {"anonymous": 401, "partner": 404, "editor": 403}
    assert Incident.objects.filter(pk=records["draft"].pk).exists()
    assert clients["reviewer"].post(url, body, content_type="application/json").status_code == 200
    # Never published, the draft duplicate is gone; its claims now belong to the incident kept.
    assert not Incident.objects.filter(pk=records["draft"].pk).exists()


# --- Proposed revisions -------------------------------------------------------------------------


def test_proposed_revisions_go_to_reviewers_and_never_reach_the_public(clients, records) -> None:
    incident = records["incident"]
    url = f"{API}/incidents/{incident.pk}/"
    published_title = incident.title
    proposed = "An editor's title, waiting for review"
    statuses = {
        role: clients[role].patch(url, {"title": proposed}, content_type="application/json").status_code
        for role in ("anonymous", "partner", "editor")
    }
    # The editor's change is proposed (202); the public may not write at all.
    assert statuses == {"anonymous": 401, "partner": 403, "editor": 202}
    revision = Revision.objects.get(pk=records["revision"].pk)  # the editor's open proposal, amended
    assert revision.changes["fields"]["title"] == proposed
    for role in ROLES:  # nobody sees it in the record before it is accepted
        assert clients[role].get(url).json()["title"] == published_title, role
    for role in ("anonymous", "partner"):
        for output in (f"/incidents/{incident.pk}/", f"{API}/incidents/?format=csv", "/feeds/incidents/"):
            response = clients[role].get(output)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert proposed not in body.decode(), (role, output)

    # Only reviewers and admins decide; the public does not even see the revision.
    accept = f"{API}/revisions/{revision.pk}/accept/"
    refused = {
        role: clients[role].post(accept, {}, content_type="application/json").status_code
        for role in ("anonymous", "partner", "editor")
    }
    assert refused == {"anonymous": 401, "partner": 403, "editor": 403}
    back = f"{API}/revisions/{revision.pk}/return/"
    refused = {
        role: clients[role].post(back, {"reason": "No."}, content_type="application/json").status_code
        for role in ("anonymous", "partner", "editor")
    }
    assert refused == {"anonymous": 401, "partner": 403, "editor": 403}
    assert Revision.objects.get(pk=revision.pk).status == RevisionStatus.PROPOSED
    assert clients["reviewer"].post(accept, {}, content_type="application/json").status_code == 200
    assert clients["anonymous"].get(url).json()["title"] == proposed

    # Reviewers and admins change a published record directly (200), no proposal.
    for role in ("reviewer", "admin"):
        title = f"Corrected directly by the {role}"
        assert clients[role].patch(url, {"title": title}, content_type="application/json").status_code == 200
        assert clients["anonymous"].get(url).json()["title"] == title
    assert not Revision.objects.filter(status=RevisionStatus.PROPOSED).exists()


def test_an_editor_sees_only_their_own_proposals_and_reviewers_every_one(clients, records) -> None:
    other = User.objects.create_user("matrix-other-editor", password=PASSWORD, is_staff=True)
    other.groups.add(*User.objects.get(username="matrix-editor").groups.all())
    outsider = Client()
    outsider.force_login(other)
    revision = records["revision"]
    assert outsider.get(f"{API}/revisions/").json()["results"] == []
    assert outsider.get(f"{API}/revisions/{revision.pk}/").status_code == 404
    assert outsider.get("/admin/core/revision/").context["cl"].result_count == 0
    for role in ("editor", "reviewer", "admin"):
        ids = [row["id"] for row in clients[role].get(f"{API}/revisions/").json()["results"]]
        assert ids == [revision.pk], role
        assert clients[role].get("/admin/core/revision/").context["cl"].result_count == 1, role
    # The review queue lists it for reviewers and admins; editors have no queue.
    assert clients["editor"].get("/review/").status_code == 403
    for role in ("reviewer", "admin"):
        assert [item.revision.pk for item in clients[role].get("/review/").context["revisions"]] == [revision.pk]
