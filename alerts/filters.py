"""What an alert follows: the incident list's filters, checked by its FilterSet and described in words."""

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from core.pages import split_codes
from incidents.choices import IncidentType
from incidents.filtersets import IncidentFilterSet
from incidents.models import Actor, Incident
from regions.models import District, MiningSite, Province, Region
from regions.pages import normalized_query

# Every filter of the incident list, but the API's incremental sync (an alert has its own).
FILTERS = tuple(name for name in IncidentFilterSet.base_filters if name != "updated_since")
# The list page's own parameters, which a "Follow" link may carry and an alert ignores.
PAGE_PARAMETERS = ("sort", "page", "format", "order")
MAX_QUERY_LENGTH = 2000


class FilterProblem(ValueError):
    """The filters cannot be followed; the message says which and why."""


def clean_query(data: QueryDict) -> str:
    """The filters as one canonical query string ("" follows every incident), or FilterProblem."""
    query = normalized_query(data)
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
    unknown = sorted(name for name in query if name not in FILTERS)
    if unknown:
        raise FilterProblem(
            _("Unknown filter: %(names)s. An alert follows these filters: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(FILTERS)}
        )
    several = sorted(name for name in query if len(query.getlist(name)) > 1)
    if several:
        raise FilterProblem(_("Give each filter once: %(names)s.") % {"names": ", ".join(several)})
    filterset = IncidentFilterSet(query, queryset=Incident.objects.none())
    if not filterset.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        raise FilterProblem(_("These filters cannot be followed: %(problems)s") % {"problems": "; ".join(problems)})
    canonical = QueryDict(mutable=True)
    for name in sorted(query):
        canonical[name] = query[name]
    text = canonical.urlencode()
    if len(text) > MAX_QUERY_LENGTH:
        raise FilterProblem(
            _("These filters are too long to follow (at most %(n)d characters).") % {"n": MAX_QUERY_LENGTH}
        )
    return text


def matching(query: str, incidents: QuerySet) -> QuerySet:
    """The incidents among `incidents` that the alert's filters match."""
    filterset = IncidentFilterSet(QueryDict(query), queryset=incidents)
    if not filterset.is_valid():  # a place or type removed since: follow nothing rather than everything
        return incidents.none()
    return filterset.qs


def followed_place(query: str) -> tuple[str | None, str | None, str | None]:
    """(region, province, district) codes when the filters name one place at each level given."""
    data = QueryDict(query)
    codes = []
    for name, digits in (("region", 2), ("province", 4), ("district", 6)):
        found = split_codes(data.get(name), digits)
        codes.append(found[0] if len(found) == 1 else None)
    region, province, district = codes
    if district:
        province = province or district[:4]
    if province:
        region = region or province[:2]
    return region, province, district


def describe(query: str) -> str:
    """The filters in words, in the active language: "Pataz, La Libertad · Type: armed attack"."""
    data = QueryDict(query)
    parts = []
    places = []
    # The finest level given, each place with its parent: "Pataz, La Libertad".
    levels = (
        ("district", 6, District.objects.select_related("province"), "province"),
        ("province", 4, Province.objects.select_related("region"), "region"),
        ("region", 2, Region.objects.all(), None),
    )
    for name, digits, queryset, parent in levels:
        codes = split_codes(data.get(name), digits)
        if codes:
            for place in queryset.filter(code__in=codes).order_by("code"):
                places.append(
                    f"{place.display_name}, {getattr(place, parent).display_name}" if parent else place.display_name
                )
            break
    parts.append(", ".join(places) if places else _("All of Peru"))
    if data.get("type"):
        labels = [str(IncidentType(code).label) for code in data["type"].split(",") if code in IncidentType.values]
        parts.append(_("Type: %(types)s") % {"types": ", ".join(labels)})
    if data.get("actor"):
        ids = [int(pk) for pk in data["actor"].split(",") if pk.strip().isdigit()]
        names = Actor.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
        parts.append(_("Actor: %(names)s") % {"names": ", ".join(names)})
    if data.get("site"):
        ids = [int(pk) for pk in data["site"].split(",") if pk.strip().isdigit()]
        names = MiningSite.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
        parts.append(_("Mining site: %(names)s") % {"names": ", ".join(names)})
    if data.get("date_from"):
        parts.append(_("From %(date)s") % {"date": data["date_from"]})
    if data.get("date_to"):
        parts.append(_("Until %(date)s") % {"date": data["date_to"]})
    if data.get("min_killed"):
        parts.append(_("At least %(n)s killed") % {"n": data["min_killed"]})
    if data.get("min_missing"):
        parts.append(_("At least %(n)s missing") % {"n": data["min_missing"]})
    if data.get("q"):
        parts.append(_("Words: “%(q)s”") % {"q": data["q"]})
    if data.get("bbox"):
        parts.append(_("Inside the map box %(bbox)s") % {"bbox": data["bbox"]})
    return " · ".join(parts)
