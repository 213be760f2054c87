"""manage.py generate_synthetic --incidents N --seed S: synthetic data for load tests; --remove deletes it."""

from django.core.management.base import CommandError, CommandParser

from core.commands import RecordedCommand
from overview import synthetic


class Command(RecordedCommand):
    help = (
        "Replace the synthetic data with N incidents (and sites, operations, REINFO records in proportion) "
        "over the real districts, reproducible by seed; or, with --remove, delete every synthetic row. "
        "Synthetic rows are hidden from pages and the API unless SHOW_SYNTHETIC is on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--incidents", type=int, help="How many incidents, e.g. 1000000.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data (default 1).")
        parser.add_argument("--remove", action="store_true", help="Delete every synthetic row and write nothing.")

    def handle(self, *args, **options) -> None:
        if options["remove"]:
            removed = synthetic.remove()
            self.stdout.write(
                "Removed synthetic data: " + ", ".join(f"{count:,} {name}" for name, count in removed.items() if count)
                if any(removed.values())
                else "No synthetic data to remove."
            )
            return
        count = options["incidents"]
        if count is None or count < 1:
            raise CommandError("Give --incidents N (N ≥ 1), or --remove.")
        say = (lambda message: self.stderr.write(message)) if options["verbosity"] >= 1 else None
        summary = synthetic.generate(synthetic.Sizes.for_incidents(count), options["seed"], say)
        self.stdout.write(
            f"Synthetic data (seed {options['seed']}) in {summary.seconds:.1f} s: "
            + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in summary.counts.items())
        )
