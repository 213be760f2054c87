from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Enforcement")

    def ready(self) -> None:
        from enforcement import services  # noqa: F401  (connects its part in a merge of incidents)
