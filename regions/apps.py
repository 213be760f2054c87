from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Places")

    def ready(self) -> None:
        from core import tombstones
        from regions.models import MiningSite

        tombstones.track("mining_site", MiningSite)

        from core.api.filters import forget_known_codes
        from regions.models import District, Province, Region

        # Place filters keep the codes they have seen (core.api.filters.unknown_codes).
        for model in (Region, Province, District):
            post_delete.connect(forget_known_codes, sender=model, dispatch_uid=f"forget-codes-{model.__name__}")
