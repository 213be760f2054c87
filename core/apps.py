from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Veta's kernel: abstract models, shared codes, history, tombstones, moderation, list-page and API bases."""

    name = "core"
    verbose_name = "Veta"
