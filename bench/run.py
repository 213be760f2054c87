"""Veta's benchmark suite: `make bench` (BENCH_SCALE=0.1 for a tenth of the national scale).

Sets a database up with synthetic data (1,000,000 incidents at scale 1), starts gunicorn with
the production settings on loopback, and measures every figure of issue 7 against a baseline
taken in the same run: the filtered incident list against the floor (raw psycopg + orjson,
and a trivial view) and a standard DRF viewset with and without select_related; the
statistics; the CSV export against PostgreSQL's COPY; the REINFO import (bench_import_reinfo.py); intake
from news articles (bench_intake.py: accuracy on tests/intake/ and time per article);
load with wrk at 16 connections; full-text search for a rare, a mid-frequency and a common
word. Prints a table and writes docs/benchmarks.md.
"""

import argparse
import datetime
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/veta_bench_scale"
SEED = 1
EDGE_MONTH_NOTE = " (a date inside a month: whole months from the rollup, the edge month from incidents)"


@dataclass
class Figure:
    """One measured figure beside its baseline and target."""

    name: str
    value: float
    unit: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, settings: str = "bench.settings") -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": settings,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "false",
        # Plain HTTP on loopback: production settings would redirect every request to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def get(port: int, path: str) -> tuple[int, bytes, float]:
    """One request on a new connection; (status, body, milliseconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Accept": "application/json", "Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, (time.perf_counter() - started) * 1000


def latency(port: int, path: str, count: int, warmup: int = 3) -> tuple[float, float]:
    """Median and 95th percentile in ms over `count` sequential requests."""
    for _ in range(warmup):
        status, body, _ms = get(port, path)
        if status != 200:
            raise RuntimeError(f"{path}: status {status}: {body[:300]!r}")
    times = sorted(get(port, path)[2] for _ in range(count))
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def worker_rss_kb(master: int) -> dict[int, int]:
    result = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    sizes = {}
    for pid in result.stdout.split():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes[int(pid)] = int(match.group(1))
    return sizes


def stream(port: int, path: str) -> tuple[int, float]:
    """Download a streamed export; (lines, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{path}: status {response.status}")
    lines = 0
    while chunk := response.read(1 << 20):
        lines += chunk.count(b"\n")
    connection.close()
    return lines, time.perf_counter() - started


def wrk(url: str, seconds: int) -> tuple[float, float, str]:
    """Requests per second and p99 in ms at 16 connections."""
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    match = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    p99 = float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p99, f"{errors.group(1)} non-2xx" if errors else ""


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    say("installing Debian's wrk")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    command = [*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "wrk"]
    if subprocess.run(command).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update"], check=True)
        subprocess.run(command, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "4")))
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    if args.database_url.rstrip("/").rsplit("/", 1)[-1] == "veta":
        sys.exit("Refusing to run against the development database 'veta'.")
    incidents = max(1000, int(1_000_000 * args.scale))
    started = time.perf_counter()
    env = environment(args.database_url)
    ensure_wrk()
    figures: list[Figure] = []

    say(f"setting up {args.database_url} (migrations, geography, real records)")
    subprocess.run([PYTHON, "manage.py", "bootstrap"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from incidents.models import Incident
    from overview import synthetic

    # bootstrap adds Veta's few real records (keyed by import_key); the synthetic incidents have no key.
    have = Incident.objects.filter(import_key=None).count()
    if have == incidents:
        say(f"reusing the {have:,} synthetic incidents already there (seed {SEED} assumed)")
    else:
        say(f"generating {incidents:,} synthetic incidents")
        before = time.perf_counter()
        subprocess.run(
            # The benchmark's database is a load-test database: its records (bootstrap's too) go.
            [
                *(PYTHON, "manage.py", "generate_synthetic", "--load-test-database"),
                *("--incidents", str(incidents), "--seed", str(SEED)),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seconds = time.perf_counter() - before
        figures.append(
            Figure(
                "generate_synthetic",
                incidents / seconds,
                "incidents/s",
                target="1M in a few minutes",
                met=1_000_000 / (incidents / seconds) <= 300,
                note=f"{incidents:,} in {seconds:.0f} s",
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT region_id, count(*) FROM incidents_incident WHERE status = 'published' "
            "GROUP BY region_id ORDER BY count(*) DESC"
        )
        regions = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM incidents_casualty")
        casualties = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM enforcement_enforcementoperation")
        operations = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM enforcement_reinforecord")
        reinfo = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0].split()[0]
    biggest, smallest = regions[0], regions[-1]
    detail_id = (
        Incident.objects.filter(status="published", import_key=None, region_id=biggest[0])
        .order_by("-date_start")
        .values_list("pk", flat=True)
        .first()
    )
    dates = "date_from=2020-01-01&date_to=2020-12-31"
    connection.close()

    port = free_port()
    say(f"starting gunicorn ({args.workers} workers × 2 threads) on 127.0.0.1:{port}")
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "veta.wsgi",
            "--workers",
            str(args.workers),
            "--threads",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    # Stop gunicorn also when the run is interrupted (SIGTERM), not only when it ends.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        for _ in range(200):
            try:
                if get(port, "/bench/ok")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        count = 60 if args.scale < 1 else 100

        # 1. The filtered list against its baselines, for the biggest and the smallest region.
        ok_median, _ = latency(port, "/bench/ok", count)
        figures.append(Figure("trivial {ok:1} view (stack floor)", ok_median, "ms median", note="gunicorn + Django"))
        client = Client()
        for label, (region, published) in (("biggest", biggest), ("smallest", smallest)):
            query = f"region={region}&{dates}"
            floor_median, _ = latency(port, f"/bench/floor?{query}", count)
            list_median, list_p95 = latency(port, f"/api/v1/incidents/?{query}", count)
            drf_median, _ = latency(port, f"/bench/drf?{query}", count)
            # Counted as a running server answers, once the process has read the place codes.
            assert client.get(f"/api/v1/incidents/?{query}", HTTP_ACCEPT="application/json").status_code == 200
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/api/v1/incidents/?{query}", HTTP_ACCEPT="application/json").status_code == 200
            with CaptureQueriesContext(connection) as drf_queries:
                client.get(f"/bench/drf?{query}", HTTP_ACCEPT="application/json")
            naive_median, _ = latency(port, f"/bench/drf-no-select-related?{query}", max(10, count // 4))
            with CaptureQueriesContext(connection) as naive_queries:
                client.get(f"/bench/drf-no-select-related?{query}", HTTP_ACCEPT="application/json")
            name = f"list, {label} region ({region}, {published:,} published)"
            figures.append(
                Figure(
                    f"{name}: raw psycopg + orjson floor",
                    floor_median,
                    "ms median",
                    note=f"{floor_median - ok_median:.1f} ms above the trivial view",
                )
            )
            figures.append(
                Figure(
                    f"{name}: Veta /api/v1/incidents/",
                    list_median,
                    "ms median",
                    f"floor {floor_median:.1f} ms",
                    f"{list_median / floor_median:.1f}× floor",
                    "≤ 1.5× floor",
                    list_median <= 1.5 * floor_median,
                    f"p95 {list_p95:.1f} ms; {len(queries.captured_queries)} SQL queries (target 1)",
                )
            )
            figures.append(
                Figure(
                    f"{name}: standard DRF viewset",
                    drf_median,
                    "ms median",
                    f"Veta {list_median:.1f} ms",
                    f"{drf_median / list_median:.1f}× Veta",
                    "Veta ≥ 4× faster",
                    drf_median >= 4 * list_median,
                    f"{len(drf_queries.captured_queries)} SQL queries (page + COUNT)",
                )
            )
            figures.append(
                Figure(
                    f"{name}: DRF without select_related",
                    naive_median,
                    "ms median",
                    f"Veta {list_median:.1f} ms",
                    f"{naive_median / list_median:.1f}× Veta",
                    note=f"{len(naive_queries.captured_queries)} SQL queries",
                )
            )
        figures.append(
            Figure(
                "SQL queries per list page",
                len(queries.captured_queries),
                "queries",
                target="1",
                met=len(queries.captured_queries) == 1,
                note="; ".join(
                    re.sub(r"\s+", " ", q["sql"])[:60] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]
                ),
            )
        )
        connection.close()

        # 2. Statistics.
        for question in (
            "group_by=month,region",
            f"group_by=month,region&region={biggest[0]}&{dates}&type=armed_attack",
            f"group_by=month&region={biggest[0]}&date_from=2020-01-15",
        ):
            median, p95 = latency(port, f"/api/v1/stats/incidents/?{question}", count)
            figures.append(
                Figure(
                    f"stats ?{question}",
                    median,
                    "ms median",
                    target="≤ 10 ms",
                    met=median <= 10,
                    note=f"p95 {p95:.1f} ms" + (EDGE_MONTH_NOTE if "15" in question else ""),
                )
            )

        # 3. CSV export against COPY.
        import psycopg

        with psycopg.connect(args.database_url) as raw, raw.cursor() as cursor:
            before = time.perf_counter()
            copied = 0
            with cursor.copy(
                "COPY (SELECT i.*, r.display_name FROM incidents_incident i JOIN regions_region r "
                "ON r.code = i.region_id WHERE status = 'published' ORDER BY date_start DESC, id DESC) "
                "TO STDOUT (FORMAT csv)"
            ) as copy:
                for block in copy:
                    copied += bytes(block).count(b"\n")
            copy_seconds = time.perf_counter() - before
        # The floor of the export itself: its own COPY statement (the same columns, source lists
        # and order, with the same settings), read whole by psycopg, without HTTP.
        from core.api.copy_csv import COPY_WORK_MEM, copy_statement
        from incidents.api.views import INCIDENT_CSV_LAYOUT

        published = Incident.objects.for_api().published().order_by("-date_start", "-pk")
        _alias, export_statement = copy_statement(published, INCIDENT_CSV_LAYOUT)
        with psycopg.connect(args.database_url) as raw, raw.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{COPY_WORK_MEM}'")
            cursor.execute("SET LOCAL jit = off")
            before = time.perf_counter()
            export_copied = 0
            with cursor.copy(export_statement) as copy:
                for block in copy:
                    export_copied += bytes(block).count(b"\n")
            export_copy_seconds = time.perf_counter() - before
        growth = []
        for path in ("/api/v1/incidents/?format=csv&date_to=2020-12-31", "/api/v1/incidents/?format=csv"):
            before_rss = worker_rss_kb(gunicorn.pid)
            lines, seconds = stream(port, path)
            after_rss = worker_rss_kb(gunicorn.pid)
            grown = max(after_rss.get(pid, 0) - size for pid, size in before_rss.items()) / 1024
            growth.append((lines, seconds, grown))
        lines, seconds, grown = growth[-1]
        figures.append(
            Figure(
                f"CSV export, {lines - 1:,} published incidents",
                (lines - 1) / seconds,
                "rows/s",
                f"COPY {copied / copy_seconds:,.0f} rows/s",
                f"{(copied / copy_seconds) / ((lines - 1) / seconds):.1f}× slower than COPY",
                "≥ 300,000 rows/s",
                (lines - 1) / seconds >= 300_000,
                f"{seconds:.1f} s",
            )
        )
        figures.append(
            Figure(
                "CSV export's own COPY statement, PostgreSQL alone",
                export_copied / export_copy_seconds,
                "rows/s",
                note=f"{export_copied:,} rows in {export_copy_seconds:.1f} s, no HTTP: the export's floor",
            )
        )
        half_lines, _half_seconds, half_grown = growth[0]
        figures.append(
            Figure(
                "CSV export: worker memory growth",
                grown,
                "MB",
                f"{half_grown:.1f} MB for {half_lines - 1:,} rows",
                target="≤ 20 MB, independent of rows",
                met=grown <= 20 and abs(grown - half_grown) <= 10,
            )
        )

        # 5. Load: wrk at 16 connections.
        seconds = 10 if args.scale < 1 else 20
        base = f"http://127.0.0.1:{port}"
        for name, path, target in (
            ("load: API detail", f"/api/v1/incidents/{detail_id}/", (500, 40)),
            ("load: page detail", f"/incidents/{detail_id}/", None),
            ("load: filtered list (API)", f"/api/v1/incidents/?region={biggest[0]}&{dates}", None),
            ("load: trivial view (floor)", "/bench/ok", None),
        ):
            rate, p99, errors = wrk(base + path, seconds)
            figures.append(
                Figure(
                    name,
                    rate,
                    "req/s",
                    ratio=f"p99 {p99:.1f} ms",
                    target="≥ 500 req/s, p99 < 40 ms" if target else "",
                    met=(rate >= target[0] and p99 < target[1]) if target else None,
                    note=f"16 connections, {seconds} s {errors}".strip(),
                )
            )

        # 6. Full-text search.
        for label, word in synthetic.SEARCH_WORDS.items():
            median, p95 = latency(port, f"/api/v1/incidents/?q={word}", max(20, count // 2))
            figures.append(
                Figure(
                    f"search '{word}' ({label} word), top 100",
                    p95,
                    "ms p95",
                    target="≤ 30 ms",
                    met=p95 <= 30,
                    note=f"median {median:.1f} ms",
                )
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    # 4. REINFO import (its own throwaway database on the same server).
    rows = 100_000 if args.scale >= 0.1 else max(10_000, int(1_000_000 * args.scale))
    say(f"REINFO import benchmark, {rows:,} rows")
    reinfo_env = {**environment(args.database_url, "veta.settings")}
    result = subprocess.run(
        [PYTHON, "bench/bench_import_reinfo.py", "--rows", str(rows), "--database", "veta_bench_reinfo_scale"],
        cwd=ROOT,
        env=reinfo_env,
        capture_output=True,
        text=True,
    )
    for step in ("first import (all new)", "re-import of the same file", "next list"):
        match = re.search(re.escape(step) + r".*?\s+([\d,]+)\s+([\d.]+)\s", result.stdout)
        if match:
            seconds = float(match.group(2))
            figures.append(
                Figure(f"REINFO {step}", seconds, "s", target="≤ 10 s", met=seconds <= 10, note=f"{rows:,} rows")
            )
        else:
            figures.append(Figure(f"REINFO {step}", float("nan"), "s", note="not measured: " + result.stderr[-200:]))

    say("intake benchmark: accuracy on tests/intake/ and time per article at this scale")
    result = subprocess.run(
        [PYTHON, "bench/bench_intake.py", "--database-url", args.database_url],
        cwd=ROOT,
        env=environment(args.database_url, "veta.settings"),
        capture_output=True,
        text=True,
    )
    for field, right, rate, target in re.findall(r"^(\w+)\s+(\d+/\d+)\s+(\d+)%\s+(\d+)%", result.stdout, re.M):
        figures.append(
            Figure(
                f"intake accuracy: {field}",
                float(rate),
                "%",
                target=f"≥ {target} %",
                met=int(rate) >= int(target),
                note=right,
            )
        )
    match = re.search(
        r"Time per article on ([\d,]+) incidents: mean ([\d.]+) ms.*?95th percentile ([\d.]+) ms", result.stdout
    )
    if match:
        mean = float(match.group(2))
        figures.append(
            Figure(
                "intake: time per article",
                mean,
                "ms",
                target="≤ 300 ms",
                met=mean <= 300,
                note=f"{match.group(1)} incidents; 95th percentile {match.group(3)} ms",
            )
        )
    else:
        figures.append(
            Figure("intake: time per article", float("nan"), "ms", note="not measured: " + result.stderr[-200:])
        )

    total = time.perf_counter() - started
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    header = (
        f"Scale {args.scale:g}: {incidents:,} synthetic incidents, {casualties:,} casualties, "
        f"{operations:,} operations, {reinfo:,} REINFO records; PostgreSQL {server}; "
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"load average {load} at the end; gunicorn {args.workers} workers × 2 threads; run took {total / 60:.1f} min."
    )
    table = [
        "| figure | value | baseline | ratio | target | met | note |",
        "| --- | ---: | --- | --- | --- | --- | --- |",
    ]
    for figure in figures:
        met = "—" if figure.met is None else ("yes" if figure.met else "**no**")
        table.append(
            f"| {figure.name} | {figure.value:,.1f} {figure.unit} | {figure.baseline} | {figure.ratio} | "
            f"{figure.target} | {met} | {figure.note} |"
        )
    print()
    print(header)
    print()
    print("\n".join(table))
    write_report(args.output, header, table)
    return 0


def write_report(path: Path, header: str, table: list[str]) -> None:
    """Replace the section of the same scale in docs/benchmarks.md, keeping the others."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.node()}, {platform.platform()}"
    section = f"## Run of {now}\n\nMachine: {machine}.\n\n{header}\n\n" + "\n".join(table) + "\n"
    intro = (
        "# Benchmarks\n\nWritten by `make bench` (`bench/run.py`); see `bench/README.md` for what each figure "
        "measures and why the targets are met or missed. Newest run first.\n\n"
    )
    old = path.read_text() if path.exists() else intro
    body = old[len(intro) :] if old.startswith(intro) else ""
    path.write_text(intro + section + ("\n" + body if body.strip() else ""))


if __name__ == "__main__":
    sys.exit(main())
