"""python manage.py release [--notes TEXT] — publish the next numbered release of Veta's dataset."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from overview.releases import CHANGELOG, CHECKSUMS, ReleaseError, make_release, releases_dir


class Command(BaseCommand):
    help = (
        "Publish the next numbered release of the public dataset: the data package as it is now, a changelog "
        "of the incidents added, changed and retracted since the previous release, and SHA-256 checksums "
        "of both. Releases are listed on /about/releases/ and at /api/v1/releases/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--notes", default="", help="What this release is for, shown with it.")
        parser.add_argument(
            "--site-url", help="The address of Veta's website, for the citation (e.g. https://veta.example.org/)."
        )

    def handle(self, *args, **options) -> None:
        try:
            release = make_release(notes=options["notes"], site_url=options["site_url"])
        except (ReleaseError, OSError) as error:
            raise CommandError(f"No release was made: {error}") from error
        folder = releases_dir() / str(release.number)
        self.stdout.write(
            f"Release {release.number} published: {len(release.added)} incidents added, {len(release.changed)} "
            f"changed, {len(release.retracted)} retracted since the previous release.\n"
            f"Files in {folder}: {release.package_name} ({release.package_size} bytes), {CHANGELOG}, {CHECKSUMS}.\n"
            f"Verify with: cd {folder} && sha256sum -c {CHECKSUMS}"
        )
