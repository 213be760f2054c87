from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self) -> None:
        # Connect its part in a merge of incidents, and its section of an incident's page.
        from enforcement import incident_sections, services  # noqa: F401
