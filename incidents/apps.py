from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        # Editors' changes to published incidents go through review (core.revisions).
        from incidents import revisions  # noqa: F401
