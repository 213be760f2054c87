"""Who may see which record: one rule for every model, declared once per model, read everywhere.

A model becomes public in one of two ways, declared after the model in its app's models.py:

- `moderated(Model)`: by its own moderation status; a row is public while it is published
  (incidents, operations, mining sites);
- `public_when_used(Model, *relations)`: when a public record uses it; a source is public
  once a published incident cites it, an actor once a published incident names it. Each
  relation is a lookup path from the model to the records that use it (`"incidents"`,
  `"claims__incident"`); an upper app adds its own with `also_used_by` (operations citing
  sources). A using model that is not declared here (a summary report, a REINFO snapshot,
  a context figure) is always public, so any use by it makes the record public.

Models declared in neither way (regions, districts, protected areas, summary reports) are
public. Those who may change a kind of record (its `change_` permission) see all of it.

Pages, the API (lists, details and the choices of filters), exports, search, feeds and
the corrections log all read this module: `visible(queryset, user)` for lists,
`public_q(Model)` inside other queries, `is_visible(obj, user)` and `withheld(obj, user)`
for a related record that a visible record points to. Such a record that the reader may
not see is *withheld*: pages say so (`WITHHELD`), JSON gives null, CSV the word
"withheld", and search does not match on its name.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, ForeignObjectRel, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.choices import ModerationStatus

PUBLIC_STATUSES = (ModerationStatus.PUBLISHED,)
# Shown in place of a related record the reader may not see; "withheld" in CSV files.
WITHHELD = _("withheld")
WITHHELD_CSV = "withheld"


@dataclass
class Rule:
    """How rows of one model become public."""

    model: type[models.Model]
    own_status: bool
    uses: list[str] = field(default_factory=list)


_RULES: dict[type[models.Model], Rule] = {}


def moderated(model: type[models.Model]) -> None:
    """Rows of `model` are public while their own `status` is published."""
    _RULES[model] = Rule(model, own_status=True)


def public_when_used(model: type[models.Model], *relations: str) -> None:
    """Rows of `model` are public while a public record reaches them through one of `relations`."""
    rule = _RULES.setdefault(model, Rule(model, own_status=False))
    rule.uses.extend(relation for relation in relations if relation not in rule.uses)


def also_used_by(model: type[models.Model], *relations: str) -> None:
    """An upper app's records that use `model` too (operations cite sources)."""
    public_when_used(model, *relations)


def governed() -> list[type[models.Model]]:
    """The models some of whose rows may be hidden from the public."""
    return list(_RULES)


def is_governed(model: type[models.Model]) -> bool:
    """Whether some rows of `model` may be hidden from the public."""
    return model in _RULES


def _steps(model: type[models.Model], relation: str) -> tuple[type[models.Model], str]:
    """The model at the end of `relation` from `model`, and the lookup from it back to `model`.

    From Source, "claims__incident" leads to Incident, and back by "claims__source".
    """
    back = []
    for name in relation.split("__"):
        field_ = model._meta.get_field(name)
        if isinstance(field_, ForeignObjectRel):  # a reverse relation: back along its forward field
            back.append(field_.field.name)
        else:  # a forward foreign key or many-to-many: back by its reverse query name
            back.append(field_.related_query_name())
        model = field_.related_model
    return model, "__".join(reversed(back))


def public_q(model: type[models.Model], prefix: str = "") -> Q:
    """The condition a row of `model` meets while public; `prefix` is the lookup path to it from another model."""
    rule = _RULES.get(model)
    if rule is None:
        return Q()
    if rule.own_status:
        return Q(**{f"{prefix}status__in": PUBLIC_STATUSES})
    if prefix:
        # Reached from another model (a filter on incidents by actor): test the related row by its id.
        return Q(**{f"{prefix}pk__in": model._default_manager.filter(public_q(model)).values("pk")})
    used = Q(pk__in=[])  # used by nothing public: hidden
    for relation in rule.uses:
        user, back = _steps(model, relation)
        # A correlated EXISTS per use: a page of a long list stops at its last row instead of
        # reading every public record that uses something.
        users = user._default_manager.filter(public_q(user), **{back: OuterRef("pk")})
        used |= Q(Exists(users))
    return used


def change_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def sees_everything(user, model: type[models.Model]) -> bool:
    """Whether `user` sees every row of `model`: those who may change it do."""
    return bool(user is not None and user.is_authenticated and user.has_perm(change_permission(model)))


def visible(queryset: QuerySet, user) -> QuerySet:
    """The rows of `queryset` that `user` may see."""
    model = queryset.model
    if not is_governed(model) or sees_everything(user, model):
        return queryset
    return queryset.filter(public_q(model))


def public(queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` the public may see (exports for everyone, the data package)."""
    return visible(queryset, None)


def is_public(obj: models.Model) -> bool:
    """Whether the public may see `obj`."""
    model = type(obj)
    rule = _RULES.get(model)
    if rule is None:
        return True
    if rule.own_status:
        return obj.status in PUBLIC_STATUSES
    return model._default_manager.filter(public_q(model), pk=obj.pk).exists()


def is_visible(obj: models.Model | None, user) -> bool:
    """Whether `user` may see `obj` (None is not a record: False)."""
    if obj is None:
        return False
    return sees_everything(user, type(obj)) or is_public(obj)


def withheld(obj: models.Model | None, user) -> bool:
    """Whether `obj` exists but `user` may not see it: pages show `WITHHELD` in its place."""
    return obj is not None and not is_visible(obj, user)
