"""Enforcement's domain rules that other apps' actions call on: its part in a merge of incidents."""

from django.dispatch import receiver

from enforcement.models import OperationIncidentLink
from incidents.models import Incident
from incidents.signals import incident_merging


@receiver(incident_merging, sender=Incident, dispatch_uid="enforcement-merge-operation-links")
def move_operation_links(sender: type[Incident], duplicate: Incident, into: Incident, **kwargs) -> tuple[str, int]:
    """A merged duplicate's operation links move to the incident kept, unless it has the same operation already."""
    kept = OperationIncidentLink.objects.filter(incident=into).values("operation_id")
    moved = (
        OperationIncidentLink.objects.filter(incident=duplicate).exclude(operation_id__in=kept).update(incident=into)
    )
    return "operations", moved
