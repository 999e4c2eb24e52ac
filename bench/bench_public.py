"""The public national ratings page under 50 concurrent clients, against a static file from
the same server in the same run. Target: p95 under 100 ms.

Also the open data files, for information. A fresh demo database: 153 councils, the 72
published results and the demonstration assessments (one of them published in the service).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import demo_server, load, warm

CLIENTS = 50
PER_CLIENT = 40
TARGET_MS = 100.0
STATIC = "/static/ascassure/app.css"
PAGES = ("/ratings/",)
INFORMATION = ("/open-data/ratings.json", "/feeds/reports.atom")


def main() -> int:
    workers = int(os.environ.get("BENCH_WORKERS", "3"))
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    with (
        tempfile.TemporaryDirectory() as tmp,
        demo_server(data_dir=Path(tmp), workers=workers, threads=threads) as port,
    ):
        print(f"server: {workers} processes x {threads} threads; {CLIENTS} clients")
        for path in (*PAGES, *INFORMATION, STATIC):
            warm(port, path)
        static = load(port, STATIC, clients=CLIENTS, per_client=PER_CLIENT)
        print(static.line() + "   (reference)")
        worst = 0.0
        for path in (*PAGES, *INFORMATION):
            result = load(port, path, clients=CLIENTS, per_client=PER_CLIENT)
            if path in PAGES:
                worst = max(worst, result.p95_ms)
            print(result.line() + f"   p95 ratio to static: {result.p95_ms / static.p95_ms:.2f}")
        verdict = "met" if worst < TARGET_MS else "NOT met"
        print(f"national page p95 {worst:.1f} ms; target under {TARGET_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
