from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """What spans Veta's apps: the dashboard, statistics, charts, maps, data package, codebook and place pages."""

    name = "overview"
    verbose_name = "Veta overview"
