"""The council directory under 20 concurrent clients, against a static file from the same server.

Prints p50/p95/p99 latency for /councils/ (all 153 councils, 72 published ratings, and a
filtered, sorted view) and for the stylesheet served by the same server in the same run; the
ratio of the directory's p95 to the static file's p95 is the figure to watch.
Target: directory p95 under 50 ms.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import demo_server, load, warm

CLIENTS = 20
PER_CLIENT = 100
PATHS = ("/councils/", "/councils/?region=E12000002&sort=rating&order=desc")
STATIC = "/static/ascassure/app.css"


def main() -> int:
    workers, threads = (
        int(os.environ.get("BENCH_WORKERS", "3")),
        int(os.environ.get("BENCH_THREADS", "2")),
    )
    with (
        tempfile.TemporaryDirectory() as tmp,
        demo_server(data_dir=Path(tmp), workers=workers, threads=threads) as port,
    ):
        print(f"server: {workers} worker processes x {threads} threads")
        for path in (*PATHS, STATIC):
            warm(port, path)
        static = load(port, STATIC, clients=CLIENTS, per_client=PER_CLIENT)
        print(f"{CLIENTS} concurrent clients, {PER_CLIENT} requests each")
        print(static.line() + "   (reference)")
        worst = 0.0
        for path in PATHS:
            result = load(port, path, clients=CLIENTS, per_client=PER_CLIENT)
            worst = max(worst, result.p95_ms)
            print(result.line() + f"   p95 ratio to static: {result.p95_ms / static.p95_ms:.2f}")
        target = 50.0
        print(
            f"directory p95 {worst:.1f} ms; target under {target:.0f} ms: "
            f"{'met' if worst < target else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
