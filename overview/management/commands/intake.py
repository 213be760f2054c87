"""manage.py intake FILE... [--published-on YYYY-MM-DD] [--json] [--create]: propose records for articles in text files.

Without --create nothing is written. With it, each article that makes an incident or an
operation is saved as a draft (status draft), its history naming the article and this command.
"""

import json
from pathlib import Path

from django.core.management.base import CommandError

from core.commands import RecordedCommand
from overview.intake import kinds, services
from overview.intake.api import missing_for_draft, record_from_proposal
from overview.intake.parse import Article
from overview.intake.text import IntakeError, decode_bytes


class Command(RecordedCommand):
    help = "Propose incidents or operations for news articles in text files; --create saves them as drafts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", help="Plain-text files, one article each.")
        parser.add_argument("--published-on", help="Publication date (YYYY-MM-DD); relative dates are read against it.")
        parser.add_argument("--url", default="", help="The article's address (with one file).")
        parser.add_argument("--outlet", default="", help="The outlet that published it.")
        parser.add_argument("--json", action="store_true", help="Print one proposal per file as JSON (a line each).")
        parser.add_argument(
            "--create", action="store_true", help="Save each proposal as a draft; without it nothing is written."
        )

    def handle(self, *args, **options) -> None:
        try:
            published_on = services.parse_article_date(options["published_on"], "--published-on")
        except IntakeError as error:
            raise CommandError(error.message) from error
        reader = services.Reader.load()
        failures = 0
        for name in options["files"]:
            path = Path(name)
            try:
                if not path.is_file():
                    raise IntakeError("file", "No such file.")
                decoded = decode_bytes(path.read_bytes())
                article = Article(
                    text=decoded.text, url=options["url"], outlet=options["outlet"], published_on=published_on
                )
                proposal = services.propose(article, reader)
                proposal.warnings[:0] = decoded.warnings
            except IntakeError as error:
                failures += 1
                self.stderr.write(f"{name}: {error.message}")
                continue
            created = None
            if options["create"]:
                created = self._create(name, proposal, article)
            if options["json"]:
                body = proposal.as_json()
                body["file"] = name
                if created:
                    body["created"] = created
                self.stdout.write(json.dumps(body, ensure_ascii=False, default=str))
            else:
                self._describe(name, proposal, created)
        if failures:
            raise CommandError(f"{failures} of {len(options['files'])} file(s) could not be read.")

    def _create(self, name: str, proposal, article: Article) -> dict | None:
        if proposal.kind not in (kinds.Kind.INCIDENT, kinds.Kind.OPERATION, kinds.Kind.FOLLOW_UP):
            self.stderr.write(f"{name}: nothing drafted: {proposal.kind_reason}")
            return None
        record = record_from_proposal(proposal)
        missing = missing_for_draft(record)
        if missing:
            self.stderr.write(f"{name}: nothing drafted: not found in the article: {', '.join(missing)}")
            return None
        kind = kinds.Kind.OPERATION if proposal.operation else kinds.Kind.INCIDENT
        done = services.create_draft({**proposal.source, "published_on": article.published_on}, record, kind, None)
        return {"kind": done.kind, "id": done.record.pk, "status": done.record.status}

    def _describe(self, name: str, proposal, created: dict | None) -> None:
        self.stdout.write(f"{name}: {proposal.kind} ({proposal.language}) — {proposal.kind_reason}")
        record = proposal.incident or proposal.operation or {}
        for key in ("incident_type", "kind", "date_start", "date_precision", "region", "province", "district"):
            if record.get(key):
                self.stdout.write(f"  {key}: {record[key]}")
        for outcome, figure in (record.get("figures") or {}).items():
            self.stdout.write(f"  {outcome}: {figure['value']} ({figure['wording']})")
        for candidate in proposal.candidates:
            self.stdout.write(
                f"  may be incident #{candidate['incident']} (score {candidate['score']}): {candidate['title']}"
            )
        for note in proposal.notes + proposal.warnings:
            self.stdout.write(f"  note: {note}")
        if created:
            self.stdout.write(f"  drafted: {created['kind']} #{created['id']} ({created['status']})")
