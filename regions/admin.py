"""Admin for places: Peru's administrative areas, protected areas and mining sites."""

from django.contrib import admin
from django.db.models import F, Func, QuerySet, TextField, Value
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdminMixin, history_inline, linked_records_inline
from core.moderation_admin import ModerationAdminMixin
from regions.admin_forms import PlacedAdminMixin
from regions.models import District, MiningSite, ProtectedArea, ProtectedAreaRegion, Province, Region

# Both spellings are searched: `name` is INEI's upper case without accents, so "junin"
# finds it, and `display_name` carries the accents, so "Junín" does too.
AREA_SEARCH_FIELDS = ("code", "name", "display_name")
AREA_SEARCH_HELP = _("Search by INEI code or name, with or without accents.")


@admin.register(Region)
class RegionAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Peru's 25 regions (departamentos), loaded from INEI's ubigeo tables."""

    list_display = ("code", "display_name", "iso_code", "capital", "area_km2")
    search_fields = (*AREA_SEARCH_FIELDS, "iso_code")
    search_help_text = AREA_SEARCH_HELP
    readonly_fields = ("created_at", "updated_at")
    inlines = (
        linked_records_inline(ProtectedAreaRegion, "region", "protectedarea", _("protected areas in this region")),
        history_inline(Region, _("history of this region")),
    )


@admin.register(Province)
class ProvinceAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Peru's provinces, each within a region."""

    list_display = ("code", "display_name", "region", "capital", "area_km2")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = AREA_SEARCH_FIELDS
    search_help_text = AREA_SEARCH_HELP
    autocomplete_fields = ("region",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (history_inline(Province, _("history of this province")),)


@admin.register(District)
class DistrictAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Peru's districts, each within a province."""

    list_display = ("code", "display_name", "province", "region", "capital", "area_km2")
    list_filter = (("province__region", admin.RelatedFieldListFilter),)
    list_select_related = ("province__region",)
    search_fields = AREA_SEARCH_FIELDS
    search_help_text = AREA_SEARCH_HELP
    autocomplete_fields = ("province",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (history_inline(District, _("history of this district")),)

    def get_queryset(self, request: HttpRequest) -> QuerySet[District]:
        # A district's name includes its province's: autocomplete answers need it in the same query.
        return super().get_queryset(request).select_related("province__region")

    @admin.display(description=_("region"), ordering="province__region")
    def region(self, obj: District) -> Region:
        return obj.province.region


@admin.register(ProtectedArea)
class ProtectedAreaAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Natural protected areas (SERNANP) and the regions they lie in."""

    list_display = ("name", "category", "hectares", "region_names")
    list_filter = ("category", "regions")
    search_fields = ("name", "notes")
    autocomplete_fields = ("regions",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (
        history_inline(ProtectedArea, _("history of this protected area")),
        history_inline(ProtectedAreaRegion, _("history of its regions"), fk_name="protectedarea"),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProtectedArea]:
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description=_("regions"))
    def region_names(self, obj: ProtectedArea) -> str:
        return ", ".join(region.display_name for region in obj.regions.all())


@admin.register(MiningSite)
class MiningSiteAdmin(ModerationAdminMixin, HistoryAdminMixin, PlacedAdminMixin, admin.ModelAdmin):
    """Named mining places: tunnel entrances, alluvial areas, dredging stretches, camps and plants."""

    list_display = ("name", "kind", "legal_status", "place", "protected_area", "status")
    list_filter = ("status", "kind", "legal_status", "place_precision", "region")
    list_select_related = ("region", "province", "district__province", "protected_area")
    search_fields = ("name", "location_name", "notes", "import_key")
    search_help_text = _("Search by name, other names, location or notes.")
    autocomplete_fields = ("region", "province", "district", "protected_area")
    readonly_fields = ("created_at", "updated_at")
    inlines = (history_inline(MiningSite, _("history of this mining site")),)
    fieldsets = (
        (None, {"fields": ("name", "aliases", "kind", "legal_status", "status", "notes")}),
        (
            _("Place"),
            {
                "fields": (
                    "place_precision",
                    ("region", "province", "district"),
                    "location_name",
                    ("latitude", "longitude"),
                    "protected_area",
                )
            },
        ),
        (_("Record"), {"fields": ("import_key", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[MiningSite], search_term: str
    ) -> tuple[QuerySet[MiningSite], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            # An array has no "contains text" lookup: join its items into one string to search it.
            alias_matches = queryset.alias(
                alias_text=Func(F("aliases"), Value(" | "), function="array_to_string", output_field=TextField())
            ).filter(alias_text__icontains=term)
            results = results | queryset.filter(pk__in=alias_matches.values("pk"))
        return results, may_have_duplicates
