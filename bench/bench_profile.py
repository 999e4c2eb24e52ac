"""A council's data profile under concurrent clients, against a static file from the same server.

Sets up a demo database, imports the real ASCOF 2020-21 workbook and the LG Inform admissions
extract with the product's own command, then loads Trafford's data profile (every measure of
2020-21: 79 measure codes in 22 groups, one SVG chart and one table per group) and one
measure's page (funnel plot of every council and its table) under concurrent clients. Pages
are cached per data version, so it first requests every council's profile once, one after
another, to show the cost of rendering afresh. Prints p50/p95/p99 and the ratio of each p95 to
the stylesheet's. Target: profile p95 under 200 ms.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import ROOT, demo_server, load, percentile, warm

FOLDER = ROOT / ".." / "shared" / "fetched"
WORKBOOK = (
    FOLDER / "ascof_2020_21_nhs_open_data" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
)
EXTRACT = FOLDER / "trafford_lginform_extracts" / "admissions_care_homes_65p.csv"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
PER_CLIENT = int(os.environ.get("BENCH_REQUESTS", "50"))
PROFILE = "/data/councils/trafford/"
STATIC = "/static/ascassure/app.css"
TARGET_MS = 200.0


def import_data(env: dict) -> None:
    command = [sys.executable, "-m", "ascassure.cli", "metrics", "import", "--quiet"]
    for path in (WORKBOOK, EXTRACT):
        subprocess.run([*command, str(path)], env=env, check=True, capture_output=True)


def ask(env: dict, code: str) -> str:
    found = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env={**env, "DJANGO_SETTINGS_MODULE": "ascassure.config.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip()


def cold(port: int, paths: list[str]) -> list[float]:
    """Each path requested once, one after another: every page rendered afresh."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times


def uncached(port: int, clients: int, per_client: int) -> list[float]:
    """Trafford's profile for a peer group no one asked for before: never from cache."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for request in range(per_client):
            start = time.perf_counter()
            conn.request("GET", f"{PROFILE}?peers={10_000 + number * per_client + request}")
            conn.getresponse().read()
            mine.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def main() -> int:
    if not WORKBOOK.exists():
        print(f"skipped: {WORKBOOK} is absent (the real files live beside the repository)")
        return 0
    workers, threads = (
        int(os.environ.get("BENCH_WORKERS", "3")),
        int(os.environ.get("BENCH_THREADS", "2")),
    )
    found: dict[str, str] = {}

    def prepare(env: dict) -> None:
        import_data(env)
        pk = ask(
            env,
            "from ascassure.apps.metrics.models import Measure as M; "
            "print(M.objects.get(source='ascof', code='2A2').pk)",
        )
        found["measure"] = f"/data/councils/trafford/measures/{pk}/?year=2020-21"
        found["slugs"] = ask(
            env,
            "from ascassure.apps.councils.models import Council as C; "
            "print(' '.join(C.objects.values_list('slug', flat=True)))",
        )

    with (
        tempfile.TemporaryDirectory() as tmp,
        demo_server(data_dir=Path(tmp), workers=workers, threads=threads, prepare=prepare) as port,
    ):
        paths = (PROFILE, found["measure"])
        print(
            f"server: {workers} worker processes x {threads} threads; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        first = cold(port, [f"/data/councils/{slug}/" for slug in found["slugs"].split()])
        print(
            f"every council's profile once, rendered afresh (n={len(first)}): "
            f"p50={percentile(first, 50):.1f} ms  p95={percentile(first, 95):.1f} ms  "
            f"max={max(first):.1f} ms"
        )
        for path in (*paths, STATIC):
            warm(port, path)
        print(f"{CLIENTS} concurrent clients, {PER_CLIENT} requests each")
        static = load(port, STATIC, clients=CLIENTS, per_client=PER_CLIENT)
        print(static.line() + "   (reference)")
        results = {}
        for path in paths:
            results[path] = result = load(port, path, clients=CLIENTS, per_client=PER_CLIENT)
            print(result.line() + f"   p95 ratio to static: {result.p95_ms / static.p95_ms:.2f}")
        fresh = uncached(port, CLIENTS, 10)
        print(
            f"{PROFILE} rendered afresh every time, {CLIENTS} clients x 10: "
            f"p50={percentile(fresh, 50):.1f} ms  p95={percentile(fresh, 95):.1f} ms"
        )
        p95 = results[PROFILE].p95_ms
        print(
            f"profile p95 {p95:.1f} ms; target under {TARGET_MS:.0f} ms: "
            f"{'met' if p95 < TARGET_MS else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
