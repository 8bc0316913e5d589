"""`make bench`: every key page under load beside a bare Django page, ranking and exports timed.

Run with the project's virtualenv from the repository's root (the Makefile does):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peersupport_bench .venv/bin/python bench/run.py

1. Builds or reuses the large demo data (`seed_demo --size BENCH_SIZE`; a second run adds nothing).
2. Serves the project as production does: the Procfile's gunicorn line, production settings, DEBUG
   off, static files collected; on a free loopback port, plain HTTP (SECURE_SSL_REDIRECT off).
3. Logs each demo role in through the real login form (CSRF token, password POST).
4. For each key page, runs wrk (2 threads, 10 connections) on the bare page, then on the page, and
   so on, ending with the bare page: each page's ratio is to the mean of the bare runs either side.
   Queries per page are counted by replaying the same session through Django's test client.
5. Times ranking the pool for one open request (the match page's queries) and a CSV and an Excel
   export of BENCH_EXPORT_ROWS claims (time and peak memory).
6. Writes bench/results/latest.json and prints a table. It reports figures; it never fails on a
   slow one. It fails only when it cannot measure (no wrk, the server does not start, a login fails).

Environment: DATABASE_URL (PostgreSQL; default the peersupport_bench database on 127.0.0.1),
BENCH_REDIS_URL (redis://127.0.0.1:6379/7), BENCH_SIZE (large), BENCH_DURATION (10 seconds per
wrk run), BENCH_CONNECTIONS (10), BENCH_RUNS (30 timed rankings), BENCH_EXPORT_ROWS (50000),
BENCH_SMOKE=1 (the smallest data, 1-second runs, 3 rankings, 500 rows: checks the harness works).
"""

import datetime
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
SMOKE = os.environ.get("BENCH_SMOKE", "") not in ("", "0")
SIZE = os.environ.get("BENCH_SIZE") or ("0.002" if SMOKE else "large")
DURATION = int(os.environ.get("BENCH_DURATION") or (1 if SMOKE else 10))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "10"))
RANKING_RUNS = int(os.environ.get("BENCH_RUNS") or (3 if SMOKE else 30))
EXPORT_ROWS = int(os.environ.get("BENCH_EXPORT_ROWS") or (500 if SMOKE else 50_000))
NOTIFICATIONS = int(os.environ.get("BENCH_NOTIFICATIONS") or (50 if SMOKE else 2000))
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/peersupport_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
HOST = "127.0.0.1"
BARE = "/bench/bare/"


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # the demo login that opens it
    path: str


def say(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env(port: int) -> dict[str, str]:
    """Production settings on loopback: every switch used here is one production.py already reads."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peersupport.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}:{port}",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, as behind the trust's proxy
        "SECURE_HSTS_SECONDS": "0",
        "MFA_REQUIRED": "false",  # the demo logins have no authenticator app to answer with
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "BENCH_BARE_PAGE": "true",
        "LOG_LEVEL": "WARNING",
    }


def seed() -> float:
    """The demo logins and the large history, built once: later runs only check they are there."""
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "peersupport.settings.local"}
    started = time.perf_counter()
    for command in (["migrate", "--noinput"], ["seed_demo", "--size", SIZE]):
        say(f"manage.py {' '.join(command)}")
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def gunicorn_command(port: int) -> list[str]:
    """The Procfile's web line, with this virtualenv and port."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    line = line.removeprefix("web:").strip().replace("${PORT:-8000}", str(port))
    command = shlex.split(line)
    command[0] = str(Path(PYTHON).parent / Path(command[0]).name)
    return command


def serve(port: int, env: dict[str, str]) -> subprocess.Popen:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    RESULTS.mkdir(exist_ok=True)
    log = (RESULTS / "gunicorn.log").open("w")
    server = subprocess.Popen(gunicorn_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start: see {RESULTS / 'gunicorn.log'}")
        try:
            if fetch(port, BARE)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port} within 60 seconds: see {RESULTS / 'gunicorn.log'}")


def fetch(port: int, path: str, *, cookies: dict | None = None, form: dict | None = None):
    """(status, headers, body) for one request, redirects not followed."""
    connection = HTTPConnection(HOST, port, timeout=60)
    headers = {"Cookie": cookie_header(cookies or {})} if cookies else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request("POST" if form is not None else "GET", path, body=body, headers=headers)
    response = connection.getresponse()
    result = (response.status, response.getheaders(), response.read())
    connection.close()
    return result


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def take_cookies(cookies: dict, headers) -> None:
    """Keep every cookie the server set. (The cookies are marked Secure; on loopback they are sent anyway.)"""
    for name, value in headers:
        if name.lower() == "set-cookie":
            for morsel in SimpleCookie(value).values():
                cookies[morsel.key] = morsel.value


def log_in(port: int, email: str, password: str) -> dict:
    cookies: dict = {}
    status, headers, body = fetch(port, "/accounts/login/")
    take_cookies(cookies, headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token:
        raise SystemExit(f"The login page did not load ({status}).")
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "login": email, "password": password}
    status, headers, _ = fetch(port, "/accounts/login/", cookies=cookies, form=form)
    take_cookies(cookies, headers)
    if status != 302:
        raise SystemExit(f"Logging in as {email} failed ({status}): check DEMO_PASSWORD and that seed_demo ran.")
    return cookies


def key_pages() -> list[Page]:
    """The pages the issue's table names, each for the role that uses it, with real objects from the data."""
    from django.contrib.auth import get_user_model

    from involvement import selectors as involvement_selectors
    from involvement.models import InvolvementRequest, Status
    from workforce.models import PeerSupportWorker

    people = {user.email: user for user in get_user_model().objects.filter(email__endswith="@example.org")}
    requester, team_lead = people["requester@example.org"], people["teamlead@example.org"]
    own = InvolvementRequest.objects.filter(requester=requester).order_by("-pk").first()
    waiting = involvement_selectors.waiting_for_approval_by(user=team_lead).order_by("-pk").first()
    open_request = InvolvementRequest.objects.filter(status=Status.OPEN).order_by("-pk").first()
    worker = PeerSupportWorker.objects.order_by("pk").first()
    pages = [
        Page("home", "requester", "/"),
        Page("requests list", "requester", "/involvement/"),
        Page("requests list, network tab, open", "coordinator", "/involvement/?scope=network&status=open"),
        Page("request detail", "requester", f"/involvement/{own.pk}/" if own else ""),
        Page("decide", "teamlead", f"/involvement/{waiting.pk}/decide/" if waiting else ""),
        Page("approvals queue", "teamlead", "/involvement/?scope=approve"),
        Page(
            "match (rank the pool)",
            "coordinator",
            f"/network/requests/{open_request.pk}/match/" if open_request else "",
        ),
        Page("network pool list", "coordinator", "/network/people/"),
        Page("pool health", "coordinator", "/network/health/"),
        Page("claims list", "coordinator", "/network/claims/"),
        Page("workforce people list", "pslead", "/workforce/people/"),
        Page("PSW profile", "pslead", f"/workforce/people/{worker.pk}/" if worker else ""),
        Page("workforce dashboard", "pslead", "/workforce/dashboard/"),
        Page("establishment", "pslead", "/workforce/establishment/"),
        Page("expert's portal", "expert", "/network/my-involvement/"),
        Page("notifications", "requester", "/notifications/"),
    ]
    return pages


def count_queries(path: str, cookies: dict) -> tuple[int, int, int]:
    """(status, queries, bytes) for one request replaying a logged-in session through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    for name, value in cookies.items():
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries), len(response.content)


def slowest_query_plan(path: str, cookies: dict) -> list[str]:
    """EXPLAIN ANALYZE of the page's slowest query, as PostgreSQL prints it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    for name, value in cookies.items():
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    selects = [query for query in queries.captured_queries if query["sql"].lstrip().upper().startswith("SELECT")]
    if not selects:
        return []
    slowest = max(selects, key=lambda query: float(query["time"]))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
        return [f"-- {float(slowest['time']) * 1000:.1f} ms: {slowest['sql'][:300]}"] + [row[0] for row in cursor]


def wrk(port: int, path: str, cookies: dict | None) -> dict:
    command = [
        "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "wrk.lua"),
    ]  # fmt: skip
    if cookies:
        command += ["-H", f"Cookie: {cookie_header(cookies)}"]
    output = subprocess.run([*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, check=True)
    drain(port)
    line = next(line for line in output.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "max_ms": round(figures["max_us"] / 1000, 1),
        "requests": figures["requests"],
        "errors": figures["status_errors"] + figures["socket_errors"],
        "kb_per_page": round(figures["bytes"] / max(figures["requests"], 1) / 1024, 1),
    }


def drain(port: int) -> None:
    """Wait until the server has answered what wrk left queued, so the next run starts on idle workers."""
    waiting = [threading.Thread(target=fetch, args=(port, BARE)) for _ in range(CONNECTIONS)]
    for thread in waiting:
        thread.start()
    for thread in waiting:
        thread.join()


def measure_pages(port: int) -> tuple[list[dict], list[dict]]:
    from django.conf import settings

    sessions = {
        role: log_in(port, f"{role}@example.org", settings.DEMO_PASSWORD)
        for role in ("requester", "teamlead", "pslead", "coordinator", "expert")
    }
    say(f"logged in: {', '.join(sessions)}")
    bare_runs = [wrk(port, BARE, None)]
    bare_runs[0].update(queries=count_queries(BARE, {})[1])
    rows = []
    for page in key_pages():
        row = {"page": page.name, "role": page.role, "path": page.path}
        cookies = sessions[page.role]
        status = fetch(port, page.path, cookies=cookies)[0] if page.path else None
        if status != 200:
            row["problem"] = f"answered {status}" if page.path else "no such object in the data"
            say(f"  {page.name}: skipped ({row['problem']})")
            rows.append(row)
            continue
        row.update(wrk(port, page.path, cookies))
        bare_runs.append(wrk(port, BARE, None))
        _, row["queries"], row["bytes"] = count_queries(page.path, cookies)
        bare_rps = statistics.mean(run["rps"] for run in bare_runs[-2:])
        row["bare_rps"] = round(bare_rps, 1)
        row["percent_of_bare"] = round(100 * row["rps"] / bare_rps, 1) if bare_rps else None
        row["slowest_query_explain"] = slowest_query_plan(page.path, cookies)
        say(f"  {page.name}: {row['rps']} rps, p95 {row['p95_ms']} ms, {row['queries']} queries")
        rows.append(row)
    return rows, bare_runs


def time_ranking() -> dict:
    """The match page's ranking for the open request with the most people to rank."""
    from django.db import connection

    from involvement.models import InvolvementRequest, Status
    from together_network.models import ExpertByExperience
    from together_network.selectors.matching import askable_experts, ranked_experts

    request = InvolvementRequest.objects.filter(status=Status.OPEN).order_by("-pk").first()
    if request is None:
        return {"problem": "no open request in the data"}
    timings = {"first_page": [], "count": []}
    for run in range(RANKING_RUNS + 3):
        started = time.perf_counter()
        list(ranked_experts(request=request)[:25])
        page_done = time.perf_counter()
        ranked_experts(request=request).count()
        done = time.perf_counter()
        if run >= 3:  # three warm-up runs
            timings["first_page"].append((page_done - started) * 1000)
            timings["count"].append((done - page_done) * 1000)
    both = [page + count for page, count in zip(timings["first_page"], timings["count"], strict=True)]
    with connection.cursor() as cursor:
        sql, params = ranked_experts(request=request)[:25].query.sql_with_params()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = [row[0] for row in cursor]
    return {
        "request_id": request.pk,
        "experts": ExpertByExperience.objects.count(),
        "askable": askable_experts(request=request).count(),
        "runs": RANKING_RUNS,
        **{f"{name}_p50_ms": round(statistics.median(values), 1) for name, values in timings.items()},
        **{f"{name}_p95_ms": round(percentile(values, 95), 1) for name, values in timings.items()},
        "match_page_p50_ms": round(statistics.median(both), 1),
        "match_page_p95_ms": round(percentile(both, 95), 1),
        "explain": plan,
    }


def percentile(values: list[float], share: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def time_exports() -> dict:
    """A CSV and an Excel download of claims in the finance export's columns, through the export code."""
    import tracemalloc

    from django.db.models import Count

    from peersupport.ui.exports import download
    from together_network.models import PaymentClaim
    from together_network.views.claims import EXPORT_HEADER, _export_rows

    # Every claim, not only approved ones, so the file reaches the size asked for.
    claims = (
        PaymentClaim.objects.select_related("expert", "rate", "attendance__invitation__request__activity_type")
        .annotate(expense_count=Count("expenses"))
        .order_by("activity_date", "pk")[:EXPORT_ROWS]
    )
    results = {"rows_asked": EXPORT_ROWS}
    for export_format in ("csv", "xlsx"):

        def export(export_format=export_format):
            rows = _export_rows(claims.iterator(chunk_size=500))
            return download(export_format, stem="claims", sheet_title="Claims", header=EXPORT_HEADER, rows=rows)

        started = time.perf_counter()
        size = len(export().content)
        seconds = time.perf_counter() - started
        # Memory in a second run: tracing every allocation slows the first run's timing down several times.
        tracemalloc.start()
        export()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[export_format] = {
            "seconds": round(seconds, 2),
            "peak_mb": round(peak / 2**20, 1),
            "file_mb": round(size / 2**20, 2),
        }
    results["rows"] = claims.count()
    return results


def print_table(rows: list[dict], bare_runs: list[dict]) -> None:
    bare_rps = [run["rps"] for run in bare_runs]
    say("")
    say("| page | role | rps | p50 ms | p95 ms | queries | KB | % of bare |")
    say("|---|---|---:|---:|---:|---:|---:|---:|")
    say(
        f"| bare template + 1 query | anonymous | {statistics.mean(bare_rps):.0f} "
        f"(range {min(bare_rps):.0f}-{max(bare_rps):.0f}) | {bare_runs[0]['p50_ms']} | {bare_runs[0]['p95_ms']} "
        f"| {bare_runs[0]['queries']} | {bare_runs[0]['kb_per_page']} | 100% |"
    )
    for row in rows:
        if "problem" in row:
            say(f"| {row['page']} | {row['role']} | {row['problem']} | | | | | |")
            continue
        say(
            f"| {row['page']} | {row['role']} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} | {row['queries']} "
            f"| {row['kb_per_page']} | {row['percent_of_bare']}% |"
        )


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: sudo apt-get install wrk (Debian and Ubuntu) or brew install wrk.")
    started = time.perf_counter()
    seed_seconds = seed()
    port = free_port()
    env = production_env(port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import worker
    from django.db import connection

    say(f"serving on http://{HOST}:{port} (production settings, {' '.join(gunicorn_command(port)[1:])})")
    server = serve(port, env)
    try:
        rows, bare_runs = measure_pages(port)
    finally:
        server.terminate()
        server.wait(timeout=30)
    say("ranking the pool")
    ranking = time_ranking()
    say("exports")
    exports = time_exports()
    say(f"{NOTIFICATIONS} notifications through a Celery worker")
    notifications = worker.measure(env=env, count=NOTIFICATIONS, log=RESULTS / "worker.log")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        postgres = cursor.fetchone()[0]
    results = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version()},
        "postgres": postgres,
        "settings": {
            "size": SIZE,
            "smoke": SMOKE,
            "wrk": f"-t2 -c{CONNECTIONS} -d{DURATION}s",
            "server": " ".join(gunicorn_command(port)[1:]),
        },
        "seed_seconds": round(seed_seconds, 1),
        "bare": bare_runs,
        "pages": rows,
        "ranking": ranking,
        "exports": exports,
        "notifications": notifications,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(rows, bare_runs)
    say("")
    say(
        f"ranking {ranking.get('askable')} of {ranking.get('experts')} experts: first page p50 "
        f"{ranking.get('first_page_p50_ms')} ms, p95 {ranking.get('first_page_p95_ms')} ms; with the count "
        f"p50 {ranking.get('match_page_p50_ms')} ms"
    )
    for export_format in ("csv", "xlsx"):
        figures = exports[export_format]
        say(
            f"{export_format} export of {exports['rows']} rows: {figures['seconds']} s, "
            f"peak {figures['peak_mb']} MB, file {figures['file_mb']} MB"
        )
    say(
        f"{notifications['sent']} of {notifications['notifications']} notifications delivered by the worker: "
        f"{notifications['per_second']} a second"
    )
    say(f"written {RESULTS / 'latest.json'} in {results['total_seconds']} s")


if __name__ == "__main__":
    main()
