"""Static files as production serves them: collected, hashed, compressed (WhiteNoise).

`collectstatic` (run by `make run` and by a deployment before it starts) writes every file
under STATIC_ROOT with a hash of its content in its name, plus gzip and Brotli copies, and a
manifest mapping each name to its hashed one. Pages then link the hashed names, which
WhiteNoise serves with a ten-year, immutable cache lifetime: a changed file gets a new name.

A process with DEBUG off that runs before any `collectstatic` (a test, a one-off command)
links the plain names instead of failing to render, and WhiteNoise serves those from the
apps' and `static/` folders (WHITENOISE_USE_FINDERS in the settings).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CollectedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names from the manifest; the plain name for a file that was never collected."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:  # neither in the manifest nor under STATIC_ROOT: not collected
            return name
