"""Enforcement's section of an incident's page: the operations that caused, answered or met it.

An operation records its incidents (`OperationIncidentLink`); the incidents app knows nothing
of operations, so this module answers its `incident_page_sections` hook and the link reads
both ways.
"""

from django.dispatch import receiver

from core.api.filters import published_or_visible
from enforcement.models import EnforcementOperation, OperationIncidentLink
from incidents.models import Incident
from incidents.signals import incident_page_sections


@receiver(incident_page_sections, sender=Incident)
def operations_of_the_incident(sender, incident: Incident, user, **kwargs) -> tuple[str, dict] | None:
    """The operations linked to `incident` that `user` may see, with how each relates to it."""
    visible = published_or_visible(EnforcementOperation.objects.all(), user)
    links = list(
        OperationIncidentLink.objects.filter(incident=incident, operation__in=visible.values("pk"))
        .select_related("operation")
        .order_by("operation__date_start", "pk")
    )
    if not links:
        return None
    return "enforcement/_incident_operations.html", {"links": links}
