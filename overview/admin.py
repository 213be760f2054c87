"""Admin for the records that span Veta's apps: context figures."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdminMixin, history_inline
from core.admin_widgets import EditorAdminMixin
from overview.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdminMixin, EditorAdminMixin, admin.ModelAdmin):
    """Sourced context figures about a region or the country (forest lost, miners registered...)."""

    list_display = ("label", "topic", "value", "unit", "wording", "region", "date_start", "date_precision")
    list_filter = ("topic", "unit", "wording", "date_precision", "region")
    list_select_related = ("region", "source")
    search_fields = ("label", "notes", "import_key")
    autocomplete_fields = ("region", "source")
    date_hierarchy = "date_start"
    readonly_fields = ("created_at", "updated_at")
    inlines = (history_inline(Indicator, _("history of this context figure")),)
    fieldsets = (
        (None, {"fields": ("topic", "label", ("value", "unit", "wording"), "region", "source", "notes")}),
        (_("Period"), {"fields": ("date_precision", ("date_start", "date_end"))}),
        (_("Record"), {"fields": ("import_key", "created_at", "updated_at"), "classes": ("collapse",)}),
    )
