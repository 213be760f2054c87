"""Intake benchmark: per-field accuracy on tests/intake/ and milliseconds per article.

    .venv/bin/python bench/bench_intake.py [--database-url URL] [--seeds DIR]

Accuracy: every article of tests/intake/articles/ (and the five seed articles, when their
folder is found) is read in order on the development database inside a transaction that
is rolled back: the articles that later ones follow up are saved as drafts first, so a
follow-up can find its incident. Time: each article is read again (proposal and duplicate
search, no writes) against the database of --database-url — by default the national-scale
benchmark database with 1,000,000 incidents; when that database is missing, the local one,
and the report says so. The query plan of the duplicate search is printed to show it uses
the indexes.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLES = ROOT / "tests" / "intake" / "articles"
SEEDS = ROOT / "tests" / "intake" / "seeds.json"
NATIONAL = "postgresql://postgres@127.0.0.1:5432/veta_bench_scale"
TARGETS = {
    "kind": 0.9,
    "incident_type": 0.9,
    "date": 0.9,
    "date_precision": 0.9,
    "region": 0.9,
    "district": 0.85,
    "figures": 0.9,
    "follow_up_link": 0.9,
}


def load_articles(seeds_dir: Path | None) -> list[dict]:
    articles = [json.loads(path.read_text()) for path in sorted(ARTICLES.glob("*.json"))]
    if seeds_dir and seeds_dir.is_dir():
        for seed in json.loads(SEEDS.read_text()):
            path = seeds_dir / seed["file"]
            if path.is_file():
                articles.append({**seed, "text": path.read_text(), "url": "", "language": ""})
    return articles


def setup(database_url: str | None) -> None:
    """Django on the database of DATABASE_URL (`database_url` when given), else on the embedded one."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veta.settings")
    from core.embedded_db import ensure_running

    ensure_running()
    import django

    django.setup()


class Score:
    def __init__(self) -> None:
        self.right: dict[str, int] = {}
        self.total: dict[str, int] = {}
        self.misses: list[str] = []

    def check(self, field: str, article: str, expected, got) -> None:
        self.total[field] = self.total.get(field, 0) + 1
        if expected == got:
            self.right[field] = self.right.get(field, 0) + 1
        else:
            self.misses.append(f"{article}: {field}: expected {expected!r}, got {got!r}")

    def rate(self, field: str) -> float | None:
        return self.right.get(field, 0) / self.total[field] if self.total.get(field) else None


def accuracy(articles: list[dict]) -> tuple[Score, int, int]:
    from django.db import transaction

    from incidents.models import Incident
    from overview.intake import kinds, services
    from overview.intake.api import missing_for_draft, record_from_proposal
    from overview.intake.parse import Article

    score = Score()
    wrong_suggestions = 0
    followed = {a["expected"]["follows"] for a in articles if a["expected"].get("follows")}
    drafted: dict[str, int] = {}
    real = dict(Incident.objects.filter(import_key__isnull=False).values_list("import_key", "pk"))
    with transaction.atomic():
        reader = services.Reader.load()
        for item in articles:
            expected = item["expected"]
            article = Article(
                text=item["text"],
                url=item.get("url", ""),
                published_on=datetime.date.fromisoformat(item["published_on"]),
                language=item.get("language", ""),
            )
            proposal = services.propose(article, reader)
            record = proposal.incident or proposal.operation or {}
            name = item["id"]
            score.check("kind", name, expected["kind"], proposal.kind)
            if "incident_type" in expected:
                score.check("incident_type", name, expected["incident_type"], record.get("incident_type"))
            if "date_start" in expected:
                score.check("date", name, expected["date_start"], record.get("date_start"))
                score.check("date_precision", name, expected["date_precision"], record.get("date_precision"))
            if "region" in expected:
                score.check("region", name, expected["region"], record.get("region"))
            if "district" in expected:
                score.check("district", name, expected["district"], record.get("district"))
            for outcome, (value, wording) in (expected.get("figures") or {}).items():
                figure = (record.get("figures") or {}).get(outcome) or {}
                score.check("figures", name, [value, wording], [figure.get("value"), figure.get("wording")])
            for field in ("agencies", "machinery", "value_destroyed", "arrests", "operation_kind"):
                if field in expected:
                    got = record.get("kind" if field == "operation_kind" else field)
                    if field == "agencies":
                        got, want = sorted(got or []), sorted(expected[field])
                    else:
                        want = expected[field]
                    score.check("operation", name, want, got)
            # Which incident the article is the same event as, if any.
            same = None
            if expected.get("follows"):
                same = drafted.get(expected["follows"])
                score.check("follow_up_link", name, same, proposal.follow_up_of)
            elif expected.get("duplicate_of"):
                same = real.get(expected["duplicate_of"])
            if any(c["incident"] != same for c in proposal.candidates):
                wrong_suggestions += 1
                score.misses.append(
                    f"{name}: wrong duplicate suggestion {[c['incident'] for c in proposal.candidates]}"
                )
            if name in followed and proposal.kind in (kinds.Kind.INCIDENT, kinds.Kind.FOLLOW_UP):
                proposed = record_from_proposal(proposal)
                if not missing_for_draft(proposed):
                    done = services.create_draft(
                        {**proposal.source, "published_on": article.published_on}, proposed, kinds.Kind.INCIDENT, None
                    )
                    drafted[name] = done.record.pk
        transaction.set_rollback(True)
    return score, wrong_suggestions, len(articles)


def timing(articles: list[dict], rounds: int) -> tuple[list[float], int, str]:
    from django.db import connection

    from incidents.models import Incident
    from overview.intake import duplicates, services
    from overview.intake.parse import Article

    count = Incident.objects.count()
    reader = services.Reader.load()
    # One article read first: dateparser loads its language data once per process.
    services.propose(Article(text=articles[0]["text"], published_on=datetime.date(2026, 1, 1)), reader)
    times = []
    for _round in range(rounds):
        for item in articles:
            article = Article(text=item["text"], published_on=datetime.date.fromisoformat(item["published_on"]))
            started = time.perf_counter()
            services.propose(article, reader)
            times.append((time.perf_counter() - started) * 1000)
    query = duplicates.candidates_query(
        {"date_start": "2026-02-12", "date_end": "2026-02-12", "region": "13", "incident_type": "armed_attack"}, None
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return times, count, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_INTAKE_DATABASE_URL", NATIONAL))
    parser.add_argument("--seeds", default=os.environ.get("VETA_SEEDS", str(ROOT.parent / "shared" / "seeds")))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--accuracy-only", action="store_true")
    options = parser.parse_args()
    seeds = Path(options.seeds)
    if not seeds.is_dir() and Path("/work/shared/seeds").is_dir():
        seeds = Path("/work/shared/seeds")
    articles = load_articles(seeds)

    if os.environ.get("_INTAKE_BENCH_PHASE") == "time":
        setup(None)
        times, count, plan = timing(articles, options.rounds)
        print(json.dumps({"times": times, "incidents": count, "plan": plan}))
        return

    # Accuracy on the development database (the test set's drafts are rolled back); time on --database-url.
    os.environ.pop("DATABASE_URL", None)
    setup(None)
    score, wrong, total = accuracy(articles)
    print(f"Intake accuracy on {total} articles (tests/intake/, seeds from {seeds if seeds.is_dir() else 'nowhere'})")
    print(f"{'field':<16} {'right':>9} {'rate':>7} {'target':>7}")
    for field in [*TARGETS, "operation"]:
        rate = score.rate(field)
        if rate is None:
            continue
        target = TARGETS.get(field)
        met = "" if target is None else (" ok" if rate >= target else " MISSED")
        print(
            f"{field:<16} {score.right.get(field, 0):>4}/{score.total[field]:<4} {rate:>7.0%} "
            f"{'' if target is None else f'{target:.0%}':>7}{met}"
        )
    per_ten = wrong / total * 10
    print(f"wrong duplicate suggestions: {wrong} in {total} articles ({per_ten:.1f} per ten; target ≤ 1)")
    for miss in score.misses:
        print("  miss:", miss)
    if options.accuracy_only:
        return

    import subprocess

    env = {**os.environ, "_INTAKE_BENCH_PHASE": "time", "DJANGO_SETTINGS_MODULE": "veta.settings"}
    national = _reachable(options.database_url)
    if national:
        env["DATABASE_URL"] = options.database_url
    else:
        print(f"\nThe national-scale database ({options.database_url}) is not there: timing on the local database.")
    command = [sys.executable, __file__, "--rounds", str(options.rounds), "--seeds", str(seeds)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        print(result.stderr[-3000:])
        sys.exit(1)
    data = json.loads(result.stdout.strip().splitlines()[-1])
    times = sorted(data["times"])
    mean = statistics.mean(times)
    p95 = times[int(len(times) * 0.95) - 1]
    median = statistics.median(times)
    print(
        f"\nTime per article on {data['incidents']:,} incidents: mean {mean:.1f} ms, median {median:.1f} ms, "
        f"95th percentile {p95:.1f} ms (target ≤ 300 ms)"
    )
    print("Duplicate search plan:\n  " + data["plan"].replace("\n", "\n  "))


def _reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1 FROM incidents_incident LIMIT 1")
        return True
    except Exception:
        return False


if __name__ == "__main__":
    main()
