"""What happened: incidents, the actors involved, casualties, sources and their claims."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import tombstones, visibility
from core.bilingual import in_language
from core.choices import FigureQualifier, Language, ModerationStatus, Wording
from core.figures import total_qualifier
from core.history import track_history
from core.models import (
    DatedModel,
    TimestampedModel,
    date_range_constraints,
)
from core.uris import as_uri
from incidents import measures
from incidents.choices import (
    FIGURE_BOUNDS,
    FIGURE_OUTCOMES,
    ActorKind,
    ActorRole,
    CasualtyOutcome,
    CasualtyRole,
    ClaimGrade,
    IncidentType,
    Sex,
    SourceKind,
)
from regions.places import PlacedModel, place_constraints


@track_history()
class Actor(TimestampedModel):
    """A party to incidents: a named gang, a community, a police unit, or an unnamed kind of party."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@track_history()
class Source(TimestampedModel):
    """A published report that Veta's records rest on."""

    outlet = models.CharField(_("outlet"), max_length=200, blank=True, help_text=_("Empty when not known."))
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.SPANISH)
    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices, default=SourceKind.NEWS)
    notes = models.TextField(_("notes"), blank=True)
    import_key = models.CharField(_("import key"), max_length=100, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message=_("A source with this URL already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title}" if self.outlet else self.title

    def clean_fields(self, exclude=None) -> None:
        self.url = (self.url or "").strip()
        super().clean_fields(exclude)
        if self.url and "url" not in (exclude or ()):
            # A URI (RFC 3986), as the API's schema promises: accents encoded, stray characters refused.
            try:
                self.url = as_uri(self.url)
            except ValidationError as error:
                raise ValidationError({"url": error.messages}) from None

    def save(self, *args, **kwargs) -> None:
        # "https://x/ " and "https://x/" are one source: trailing spaces never make a duplicate.
        self.url = (self.url or "").strip()
        super().save(*args, **kwargs)


def figure_field(outcome_label: str, bound: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(f"{outcome_label} ({bound})", null=True, blank=True, editable=False)


def qualifier_field(outcome_label: str) -> models.CharField:
    return models.CharField(
        f"{outcome_label} (qualifier)",
        max_length=10,
        choices=FigureQualifier.choices,
        blank=True,
        default="",
        editable=False,
    )


def figure_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Per outcome: all three figures unknown, or 0 <= low <= best <= high; and a qualifier that fits them.

    The qualifier is empty exactly when the figures are unknown; "exact" and "about" figures
    agree (low = high), a "range" spreads (low < high), "up to" has no floor (low = 0 < high);
    "at least" may be either (its high is the highest figure given, the true one may be higher).
    """
    Q_ = FigureQualifier
    constraints = []
    for outcome in FIGURE_OUTCOMES:
        low, best, high = (f"{outcome}_{bound}" for bound in FIGURE_BOUNDS)
        qualifier = f"{outcome}_qualifier"
        known = Q(**{f"{low}__isnull": False, f"{best}__isnull": False, f"{high}__isnull": False})
        constraints.append(
            models.CheckConstraint(
                # Each branch says "known" outright: PostgreSQL lets a row pass when a check is NULL.
                condition=Q(**{qualifier: "", f"{best}__isnull": True})
                | Q(**{f"{qualifier}__in": [Q_.EXACT, Q_.ABOUT], low: F(high)}) & known
                | Q(**{qualifier: Q_.RANGE, f"{low}__lt": F(high)}) & known
                | Q(**{qualifier: Q_.UP_TO, low: 0, f"{high}__gt": 0}) & known
                | Q(**{qualifier: Q_.AT_LEAST}) & known,
                name=f"{prefix}_{outcome}_qualifier_fits",
                violation_error_message=_("A figure's qualifier must fit its low, best and high figures."),
            )
        )
        constraints.append(
            models.CheckConstraint(
                condition=Q(**{f"{low}__isnull": True, f"{best}__isnull": True, f"{high}__isnull": True})
                # PostgreSQL lets a row pass when a check is NULL, so say "known" outright.
                | Q(**{f"{low}__gte": 0, f"{best}__gte": F(low), f"{high}__gte": F(best)})
                & Q(**{f"{low}__isnull": False, f"{best}__isnull": False, f"{high}__isnull": False}),
                name=f"{prefix}_{outcome}_low_best_high_ordered",
                violation_error_message=_("Figures must satisfy 0 ≤ low ≤ best ≤ high."),
            )
        )
    return constraints


def sees_drafts(user) -> bool:
    """Whether `user` sees every incident, drafts included: those who may edit incidents do."""
    return user.is_authenticated and user.has_perm("incidents.change_incident")


class IncidentQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs) -> list:
        """Create the incidents, with the qualifiers their figures imply where none was given (as `save` does)."""
        objs = list(objs)
        for incident in objs:
            incident.imply_qualifiers()
        return super().bulk_create(objs, *args, **kwargs)

    def published(self) -> "IncidentQuerySet":
        return self.filter(status=ModerationStatus.PUBLISHED)

    def for_list(self) -> "IncidentQuerySet":
        """What a list of incidents shows: the place names come in the same query."""
        return self.select_related("region", "province", "district__province")

    def for_api(self) -> "IncidentQuerySet":
        """Everything the API shows of an incident, in a fixed number of queries."""
        return self.select_related("region", "province", "district", "site").prefetch_related(
            # In a fixed order, the one incidents/api/rendering.py gives them in.
            models.Prefetch("actor_roles", queryset=IncidentActor.objects.select_related("actor").order_by("id")),
            models.Prefetch("casualties", queryset=Casualty.objects.order_by("id")),
            "claims",
            models.Prefetch("sources", queryset=Source.objects.order_by("-published_on", "title", "id")),
        )

    def visible_to(self, user) -> "IncidentQuerySet":
        """Published incidents, or all of them for users who may edit incidents (core.visibility's rule)."""
        return visibility.visible(self, user)

    def with_page_for(self, user) -> "IncidentQuerySet":
        """What `visible_to` shows, and retracted incidents: their cited permalinks keep working.

        A plain condition on the row, not `pk IN (visible ones)`, which PostgreSQL answered by
        reading every published incident for each page view.
        """
        if sees_drafts(user):
            return self
        return self.filter(status__in=[ModerationStatus.PUBLISHED, ModerationStatus.RETRACTED])


class IncidentManager(models.Manager.from_queryset(IncidentQuerySet)):
    """Never loads the search document.

    The document is only ever compared with in SQL (`search_vector @@ query`); reading it back
    for every row made lists and exports carry kilobytes per incident for nothing.
    """

    def get_queryset(self) -> IncidentQuerySet:
        return super().get_queryset().defer("search_vector")


@track_history(exclude=["search_vector"])
class Incident(TimestampedModel, DatedModel, PlacedModel):
    """An event of violence or crime around mining, with its date, place, actors and toll.

    The low/best/high figures are derived from the claims by
    `incidents.services.refresh_incident_figures`; they are never typed in.
    """

    # Each text in English, in Spanish or in both: editors write what they have; pages
    # show the reader's language and fall back to the other one (`in_language`).
    title = models.CharField(_("title in English"), max_length=300, blank=True, default="", db_default="")
    title_es = models.CharField(_("title in Spanish"), max_length=300, blank=True, default="", db_default="")
    incident_type = models.CharField(_("type"), max_length=30, choices=IncidentType.choices, db_index=True)
    description = models.TextField(_("description in English"), blank=True, default="", db_default="")
    description_es = models.TextField(_("description in Spanish"), blank=True, default="", db_default="")
    site = models.ForeignKey(
        "regions.MiningSite",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("mining site"),
    )
    actors = models.ManyToManyField(Actor, through="IncidentActor", related_name="incidents", verbose_name=_("actors"))
    sources = models.ManyToManyField(Source, blank=True, related_name="incidents", verbose_name=_("sources"))
    status = models.CharField(
        _("status"), max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retraction_reason = models.TextField(_("retraction reason"), blank=True, help_text=_("Shown to the public."))
    import_key = models.CharField(_("import key"), max_length=100, unique=True, null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
        help_text=_("Set when a reviewer merged this duplicate into another incident."),
    )

    killed_low = figure_field(_("killed"), "low")
    killed_best = figure_field(_("killed"), "best")
    killed_high = figure_field(_("killed"), "high")
    killed_qualifier = qualifier_field(_("killed"))
    injured_low = figure_field(_("injured"), "low")
    injured_best = figure_field(_("injured"), "best")
    injured_high = figure_field(_("injured"), "high")
    injured_qualifier = qualifier_field(_("injured"))
    missing_low = figure_field(_("missing"), "low")
    missing_best = figure_field(_("missing"), "best")
    missing_high = figure_field(_("missing"), "high")
    missing_qualifier = qualifier_field(_("missing"))
    kidnapped_low = figure_field(_("kidnapped"), "low")
    kidnapped_best = figure_field(_("kidnapped"), "best")
    kidnapped_high = figure_field(_("kidnapped"), "high")
    kidnapped_qualifier = qualifier_field(_("kidnapped"))
    rescued_low = figure_field(_("rescued"), "low")
    rescued_best = figure_field(_("rescued"), "best")
    rescued_high = figure_field(_("rescued"), "high")
    rescued_qualifier = qualifier_field(_("rescued"))
    # Derived by a trigger from the texts and place and site names (incidents.search_sql); not in history.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = IncidentManager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-date_start", "-id"]
        constraints = [
            *place_constraints("incident"),
            *date_range_constraints("incident"),
            *figure_constraints("incident"),
            models.CheckConstraint(
                condition=~Q(title="") | ~Q(title_es=""),
                name="incident_has_a_title",
                violation_error_message=_("Give a title in English, in Spanish or in both."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ModerationStatus.RETRACTED) | ~Q(retraction_reason=""),
                name="incident_retraction_has_reason",
                violation_error_message=_("A retracted incident needs a public reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "date_start"], name="incident_region_date"),
            models.Index(fields=["province", "date_start"], name="incident_province_date"),
            models.Index(fields=["district", "date_start"], name="incident_district_date"),
            models.Index(fields=["status", "date_start"], name="incident_status_date"),
            GinIndex(fields=["search_vector"], name="incident_search"),
            # The public lists: published rows, newest first, by region or for the whole country.
            models.Index(
                "region",
                F("date_start").desc(),
                F("id").desc(),
                name="incident_published_region_date",
                condition=Q(status=ModerationStatus.PUBLISHED),
            ),
            models.Index(
                F("date_start").desc(),
                F("id").desc(),
                name="incident_published_date",
                condition=Q(status=ModerationStatus.PUBLISHED),
            ),
            # The Atom feeds: published rows, latest publication first, for the country or a region.
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="incident_published_feed",
                condition=Q(status=ModerationStatus.PUBLISHED),
            ),
            models.Index(
                "region",
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="incident_published_region_feed",
                condition=Q(status=ModerationStatus.PUBLISHED),
            ),
        ]

    def __str__(self) -> str:
        return self.in_language("title")[0]

    def in_language(self, field: str, language: str | None = None) -> tuple[str, str]:
        """(text, its language code) of `field` ("title" or "description") in the reader's language.

        The text in the other language stands in when the reader's is empty; the code says
        which one was given, so pages can mark it.
        """
        return in_language(self, field, language)

    def figures(self, outcome: str) -> tuple[int | None, int | None, int | None]:
        """The (low, best, high) figures for one outcome."""
        return tuple(getattr(self, f"{outcome}_{bound}") for bound in FIGURE_BOUNDS)

    def qualifier(self, outcome: str) -> str:
        """How sure the outcome's figures are (core.choices.FigureQualifier); "" when unknown."""
        return getattr(self, f"{outcome}_qualifier")

    def figures_by_bound(self, outcome: str) -> dict[str, int | None]:
        """{"low": ..., "best": ..., "high": ...} for one outcome, as the API and exports show it."""
        return dict(zip(FIGURE_BOUNDS, self.figures(outcome), strict=True))

    def imply_qualifiers(self) -> list[str]:
        """Give figures written without their qualifier the one the figures alone imply; return the fields set.

        The claim services always set the qualifier from the claims' wordings. A row written
        with figures but no qualifier (a fixture, a load through the ORM) cannot know any
        wording, so it gets what its numbers say: exact when low = high, up to when low is 0,
        else a range — never "at least" or "about", which only a source's words can give.
        """
        implied = []
        for outcome in FIGURE_OUTCOMES:
            field = f"{outcome}_qualifier"
            low, _best, high = self.figures(outcome)
            if getattr(self, field) == "" and low is not None and high is not None:
                setattr(self, field, total_qualifier(low, high, 0))
                implied.append(field)
        return implied

    def save(self, *args, **kwargs) -> None:
        """Save, with the qualifiers the figures imply where none was given (`imply_qualifiers`)."""
        implied = self.imply_qualifiers()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and implied:
            kwargs["update_fields"] = [*update_fields, *(field for field in implied if field not in update_fields)]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if not self.title.strip() and not self.title_es.strip():
            raise ValidationError({"title": _("Give a title in English, in Spanish or in both.")})
        if self.status == ModerationStatus.RETRACTED and not self.retraction_reason.strip():
            raise ValidationError({"retraction_reason": _("A retracted incident needs a public reason.")})


@track_history()
class IncidentActor(models.Model):
    """An actor's part in an incident: perpetrator, target or responder."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="actor_roles", verbose_name=_("incident"))
    actor = models.ForeignKey(Actor, models.PROTECT, related_name="incident_roles", verbose_name=_("actor"))
    role = models.CharField(_("role"), max_length=12, choices=ActorRole.choices)

    class Meta:
        verbose_name = _("actor in incident")
        verbose_name_plural = _("actors in incident")
        constraints = [
            models.UniqueConstraint(fields=["incident", "actor", "role"], name="incident_actor_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


@track_history()
class IncidentRelation(TimestampedModel):
    """Two incidents an editor links because the sources tie them (the same unnamed place, one leading to another).

    A relation reads both ways: each incident's page lists the other.
    """

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="relations_from", verbose_name=_("incident"))
    related = models.ForeignKey(
        Incident, models.CASCADE, related_name="relations_to", verbose_name=_("related incident")
    )
    note = models.CharField(
        _("why they are related, in English"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the public on both incidents' pages, e.g. the sources place both in the same district."),
    )
    note_es = models.CharField(_("why they are related, in Spanish"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("related incident")
        verbose_name_plural = _("related incidents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(incident=F("related")),
                name="incident_relation_not_to_itself",
                violation_error_message=_("An incident cannot be related to itself."),
            ),
            models.UniqueConstraint(fields=["incident", "related"], name="incident_relation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.incident} ↔ {self.related}"

    def clean(self) -> None:
        super().clean()
        if self.incident_id and self.incident_id == self.related_id:
            raise ValidationError({"related": _("An incident cannot be related to itself.")})
        reverse = IncidentRelation.objects.filter(incident_id=self.related_id, related_id=self.incident_id)
        if self.incident_id and self.related_id and reverse.exists():
            raise ValidationError({"related": _("These two incidents are already related.")})


@track_history()
class Casualty(TimestampedModel):
    """A group of people (count ≥ 1) who share an outcome and a role in an incident.

    Names and ages are private unless an editor marks them public.
    """

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="casualties", verbose_name=_("incident"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=CasualtyOutcome.choices)
    role = models.CharField(_("role"), max_length=20, choices=CasualtyRole.choices, default=CasualtyRole.UNKNOWN)
    count = models.PositiveIntegerField(_("count"), default=1, validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=200, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True, validators=[MaxValueValidator(120)])
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    name_is_public = models.BooleanField(_("name is public"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("casualty")
        verbose_name_plural = _("casualties")
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="casualty_count_positive",
                violation_error_message=_("A casualty record counts at least one person."),
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__lte=120),
                name="casualty_age_plausible",
                violation_error_message=_("Age must be 120 or less."),
            ),
            models.CheckConstraint(
                condition=Q(name="") | Q(count=1),
                name="casualty_named_person_counts_one",
                violation_error_message=_("A named casualty counts exactly one person."),
            ),
        ]
        indexes = [models.Index(fields=["incident", "outcome"], name="casualty_incident_outcome")]

    def __str__(self) -> str:
        return f"{self.count} {self.get_outcome_display()} ({self.get_role_display()})"


@track_history()
class CasualtyOutcomeChange(models.Model):
    """A dated change of a casualty's outcome, e.g. missing → found dead."""

    casualty = models.ForeignKey(Casualty, models.CASCADE, related_name="outcome_changes", verbose_name=_("casualty"))
    from_outcome = models.CharField(_("from"), max_length=10, choices=CasualtyOutcome.choices)
    to_outcome = models.CharField(_("to"), max_length=10, choices=CasualtyOutcome.choices)
    changed_on = models.DateField(_("changed on"))
    source = models.ForeignKey(Source, models.PROTECT, null=True, blank=True, verbose_name=_("source"))

    class Meta:
        verbose_name = _("casualty outcome change")
        verbose_name_plural = _("casualty outcome changes")
        ordering = ["changed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_outcome=F("to_outcome")),
                name="casualty_outcome_change_changes",
                violation_error_message=_("The new outcome must differ from the old one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_outcome} → {self.to_outcome} ({self.changed_on})"


@track_history()
class Claim(TimestampedModel):
    """One source's figures for an incident, as of a date; disagreeing claims are all kept."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="claims", verbose_name=_("incident"))
    source = models.ForeignKey(Source, models.PROTECT, related_name="claims", verbose_name=_("source"))
    claimed_on = models.DateField(_("claimed on"), help_text=_("The date the source gave these figures."))
    killed = models.PositiveIntegerField(_("killed"), null=True, blank=True)
    injured = models.PositiveIntegerField(_("injured"), null=True, blank=True)
    missing = models.PositiveIntegerField(_("missing"), null=True, blank=True)
    kidnapped = models.PositiveIntegerField(_("kidnapped"), null=True, blank=True)
    rescued = models.PositiveIntegerField(_("rescued"), null=True, blank=True)
    wording = models.CharField(_("wording"), max_length=10, choices=Wording.choices, default=Wording.EXACT)
    grade = models.CharField(_("grade"), max_length=15, choices=ClaimGrade.choices, default=ClaimGrade.SINGLE_SOURCE)
    chosen_as_best = models.BooleanField(
        _("chosen as best by a reviewer"),
        default=False,
        help_text=_(
            "The incident's best figures come from this claim where it gives one. At most one claim per incident; "
            "only reviewers may choose it."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["claimed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(killed__isnull=False)
                | Q(injured__isnull=False)
                | Q(missing__isnull=False)
                | Q(kidnapped__isnull=False)
                | Q(rescued__isnull=False),
                name="claim_gives_a_figure",
                violation_error_message=_("A claim gives at least one figure."),
            ),
            models.UniqueConstraint(
                fields=["incident"],
                condition=Q(chosen_as_best=True),
                name="claim_one_chosen_as_best_per_incident",
                violation_error_message=_("Another claim of this incident is already chosen as best."),
            ),
        ]
        indexes = [models.Index(fields=["incident", "claimed_on"], name="claim_incident_date")]

    def __str__(self) -> str:
        return f"{self.source} ({self.claimed_on})"

    def figure(self, outcome: str) -> int | None:
        return getattr(self, outcome)

    def clean(self) -> None:
        super().clean()
        if self.chosen_as_best and self.grade == ClaimGrade.DISCOUNTED:
            raise ValidationError({"chosen_as_best": _("A discounted claim cannot be chosen as best.")})


@track_history(obj_field=None)
class IncidentSource(Incident.sources.through):
    """A source linked to an incident: a row of the automatic many-to-many table, tracked in the history."""

    class Meta:
        proxy = True
        verbose_name = _("source of an incident")
        verbose_name_plural = _("sources of incidents")

    def __str__(self) -> str:
        return f"{self.incident} – {self.source}"


# Not tracked: derived from incidents by triggers (incidents.rollup), rebuilt from them at will.
# Abstract, with a column per measure of incidents.measures: a new figure adds its column here.
RolledUpFigures = type(
    "RolledUpFigures",
    (models.Model,),
    {
        "__module__": __name__,
        "__doc__": "A rollup row's count of incidents and the sums of their figures (incidents.measures).",
        "Meta": type("Meta", (), {"abstract": True}),
        **measures.rollup_fields(),
    },
)


class IncidentRollup(RolledUpFigures):
    """Incidents and their summed figures per status, region, type and months, for the statistics.

    Kept by PostgreSQL statement triggers on `incidents_incident` in the same transaction as
    every insert, update, delete and truncate, whatever writes them (ORM, COPY, raw SQL);
    see `incidents.rollup`. A group whose incidents are all gone is deleted.
    """

    status = models.CharField(max_length=10)
    region = models.ForeignKey("regions.Region", models.DO_NOTHING, db_constraint=False, related_name="+")
    incident_type = models.CharField(max_length=30)
    start_month = models.DateField(help_text=_("First day of the month of the start date."))
    end_month = models.DateField(help_text=_("First day of the month of the end date."))
    year_only = models.BooleanField(help_text=_("Dated only to the year."))

    class Meta:
        verbose_name = _("incident rollup")
        verbose_name_plural = _("incident rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["status", "region", "incident_type", "start_month", "end_month", "year_only"],
                name="incident_rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.incident_type} {self.start_month:%Y-%m}: {self.incidents}"


class IncidentRegionMonthRollup(RolledUpFigures):
    """Incidents and their summed figures per region and start month, as each audience sees them.

    The month × region statistics read one row per group from here, with nothing left to
    add up: an audience is "with drafts" or "published only", and every incident counts in
    each audience that sees it. Year-dated
    incidents go in a row with `year_only` whose month is January of their year. Kept by
    the same statement triggers as `IncidentRollup` (`incidents.rollup.trigger_sql`).
    """

    with_drafts = models.BooleanField(help_text=_("Counts every status, not only published incidents."))
    region = models.ForeignKey("regions.Region", models.DO_NOTHING, db_constraint=False, related_name="+")
    month = models.DateField(help_text=_("First day of the month of the start date (of the year, with year_only)."))
    year_only = models.BooleanField(help_text=_("Dated only to the year."))

    class Meta:
        verbose_name = _("incident rollup by region and month")
        verbose_name_plural = _("incident rollups by region and month")
        constraints = [
            models.UniqueConstraint(
                fields=["with_drafts", "region", "month", "year_only"],
                name="incident_region_month_rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m}: {self.incidents}"


# Its public rows leave a tombstone when deleted or unpublished (triggers of this app's migration), listed
# by the API's deletions list; registered with the model, before any app's ready() may read the list.
tombstones.track("incident", Incident)

# Who sees what (core.visibility): incidents by their status; sources and actors once a
# published incident uses them (enforcement adds its operations, reports and snapshots).
visibility.moderated(Incident)
visibility.public_when_used(Source, "incidents", "claims__incident")
visibility.public_when_used(Actor, "incidents")
