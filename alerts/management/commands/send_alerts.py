"""`manage.py send_alerts`: send what the e-mail alerts owe, once; safe to run every few minutes and side by side."""

from django.core.management.base import BaseCommand, CommandError

from alerts.services import send_alerts


class Command(BaseCommand):
    help = (
        "Forgets unconfirmed addresses after a week, sends due confirmations, looks for new and corrected "
        "incidents for each due alert and sends them. Idempotent: run it from cron or a systemd timer."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=50,
            help="Alerts looked at, and messages sent per SMTP session, at a time.",
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")

        def progress(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        try:
            summary = send_alerts(batch_size=batch_size, progress=progress)
        except OSError as error:  # the mail server: refused, unreachable, timed out
            raise CommandError(f"The mail server could not be reached or refused a message: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"done: {summary.messages} message(s) telling {summary.changes_sent} change(s), "
                f"{summary.confirmations} confirmation(s), {summary.forgotten} address(es) forgotten"
            )
        )
