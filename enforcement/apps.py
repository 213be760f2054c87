from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self) -> None:
        from core import tombstones
        from enforcement import services  # noqa: F401  (connects its part in a merge of incidents)
        from enforcement.models import EnforcementOperation

        tombstones.track("operation", EnforcementOperation)
