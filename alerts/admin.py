"""Admin for e-mail alerts: counts per place, and the removal of an address with all it followed.

Addresses appear only here, to staff with the alerts' view permission; nothing is added
or edited by hand: readers sign up, confirm and unsubscribe from the links they are sent.
"""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from alerts.filters import describe
from alerts.models import Alert, Follower


class AlertInline(admin.TabularInline):
    model = Alert
    extra = 0
    can_delete = False
    fields = ("followed", "frequency", "language", "created_at", "confirmed_at")
    readonly_fields = fields

    @admin.display(description=_("follows"))
    def followed(self, alert: Alert) -> str:
        return describe(alert.query)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    """An address and its alerts; deleting it (one or many) forgets the address and everything it was sent."""

    list_display = ("email", "created_at", "confirmed_alerts", "pending_alerts")
    search_fields = ("email",)
    readonly_fields = ("email", "created_at", "confirmation_sent_at")
    inlines = [AlertInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Follower]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed=Count("alerts", filter=Q(alerts__confirmed_at__isnull=False)),
                pending=Count("alerts", filter=Q(alerts__confirmed_at__isnull=True)),
            )
        )

    @admin.display(description=_("confirmed alerts"), ordering="confirmed")
    def confirmed_alerts(self, follower: Follower) -> int:
        return follower.confirmed

    @admin.display(description=_("alerts waiting for confirmation"), ordering="pending")
    def pending_alerts(self, follower: Follower) -> int:
        return follower.pending

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Every alert, with the number of confirmed and waiting alerts per place above the list."""

    list_display = ("followed", "place", "frequency", "language", "confirmed_at")
    list_filter = ("frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter), "region")
    list_select_related = ("region", "province", "district")
    readonly_fields = ("follower", "query", "region", "province", "district", "language", "frequency", "created_at",
                       "confirmed_at", "watermark", "next_due_at")  # fmt: skip
    change_list_template = "admin/alerts/alert/change_list.html"

    @admin.display(description=_("follows"))
    def followed(self, alert: Alert) -> str:
        return describe(alert.query)

    @admin.display(description=_("place"))
    def place(self, alert: Alert) -> str:
        found = alert.district or alert.province or alert.region
        return found.display_name if found else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        counts = (
            Alert.objects.values("region__display_name", "province__display_name", "district__display_name")
            .annotate(
                confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
                pending=Count("pk", filter=Q(confirmed_at__isnull=True)),
            )
            .order_by("region__display_name", "province__display_name", "district__display_name")
        )
        rows = [
            {
                "place": ", ".join(
                    name
                    for name in (
                        row["district__display_name"],
                        row["province__display_name"],
                        row["region__display_name"],
                    )
                    if name
                )
                or _("No single place (all of Peru or other filters)"),
                "confirmed": row["confirmed"],
                "pending": row["pending"],
            }
            for row in counts
        ]
        return super().changelist_view(request, {**(extra_context or {}), "place_counts": rows})
