"""manage.py generate_synthetic --incidents N --seed S: synthetic data for load tests, in a database of its own."""

from django.core.management.base import BaseCommand, CommandError

from overview import synthetic


class Command(BaseCommand):
    help = (
        "Fill a load-test database with N synthetic incidents (and sites, operations, REINFO records in "
        "proportion) over the real districts, reproducible by seed, replacing every record there; or, with "
        "--remove, empty it. Writes only into a database already marked as a load-test database or holding "
        "no records; a database holding records becomes one only with --load-test-database, which deletes them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--incidents", type=int, help="How many incidents to make (required unless --remove).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data (default 1).")
        parser.add_argument(
            "--load-test-database",
            action="store_true",
            help="Declare this database a load-test database: every record in it is deleted first.",
        )
        parser.add_argument("--remove", action="store_true", help="Empty the load-test database and write nothing.")

    def handle(self, *args, **options) -> None:
        try:
            if options["remove"]:
                removed = synthetic.remove()
                self.stdout.write(
                    "Emptied the load-test database: " + ", ".join(f"{n:,} {kind}" for kind, n in removed.items())
                    if removed
                    else "The load-test database was empty."
                )
                return
            count = options["incidents"]
            if count is None or count < 1:
                raise CommandError("Give --incidents N (N ≥ 1), or --remove.")
            say = (lambda message: self.stderr.write(message)) if options["verbosity"] >= 1 else None
            summary = synthetic.generate(
                synthetic.Sizes.for_incidents(count),
                options["seed"],
                say,
                load_test_database=options["load_test_database"],
            )
        except synthetic.NotALoadTestDatabase as error:
            raise CommandError(
                f"{error} Point DATABASE_URL at a database of its own (e.g. …/veta_loadtest, created by "
                "`manage.py bootstrap`), or pass --load-test-database to delete this one's records."
            ) from error
        self.stdout.write(
            f"Synthetic data (seed {options['seed']}) in {summary.seconds:.1f} s: "
            + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in summary.counts.items())
        )
