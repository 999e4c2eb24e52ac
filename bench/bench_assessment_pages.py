"""An assessment's page and its triangulation matrix under 20 concurrent clients, with the
national data set (153 assessments, 300 evidence items and 50 cases each), against a static
file from the same server.

Signed in as the national lead (who sees every assessment). Prints p50/p95/p99 for
/assessments/<id>/ and /assessments/<id>/evidence/triangulation/ (the targets), and for the
evidence list and the case-tracking page (for information), with each p95's ratio to the
stylesheet's p95 measured in the same run. Target: p95 under 150 ms for the two pages.
Last, each page's CPU time per request measured in-process, which other work on the machine
disturbs much less than latency under load.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import demo_server, load, warm

HERE = Path(__file__).resolve().parent
CLIENTS = 20
PER_CLIENT = 50
STATIC = "/static/ascassure/app.css"
TARGET_MS = 150.0
LEAD = "lead@demo.invalid"


def main() -> int:
    workers, threads = (
        int(os.environ.get("BENCH_WORKERS", "3")),
        int(os.environ.get("BENCH_THREADS", "2")),
    )
    built: dict[str, str] = {}
    built_env: dict[str, str] = {}

    def prepare(env: dict) -> None:
        built_env.update(env)
        dataset = [sys.executable, str(HERE / "_national_dataset.py")]
        out = subprocess.run(
            [*dataset, "build"], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
        built["report"] = out
        built["middle"] = out.rsplit(" ", 1)[-1]
        built["session"] = subprocess.run(
            [*dataset, "session", LEAD], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    with (
        tempfile.TemporaryDirectory() as tmp,
        demo_server(data_dir=Path(tmp), workers=workers, threads=threads, prepare=prepare) as port,
    ):
        print(f"server: {workers} worker processes x {threads} threads")
        print(built["report"])
        pk = int(built["middle"])
        headers = {"Cookie": f"sessionid={built['session']}"}
        targets = (f"/assessments/{pk}/", f"/assessments/{pk}/evidence/triangulation/")
        others = (f"/assessments/{pk}/evidence/", f"/assessments/{pk}/cases/")
        for path in (*targets, *others):
            warm_signed_in(port, path, headers)
        warm(port, STATIC)
        static = load(port, STATIC, clients=CLIENTS, per_client=PER_CLIENT)
        print(f"{CLIENTS} concurrent clients, {PER_CLIENT} requests each")
        print(static.line() + "   (reference)")
        worst = 0.0
        for path in (*targets, *others):
            result = load(port, path, clients=CLIENTS, per_client=PER_CLIENT, headers=headers)
            if result.errors:
                print(f"{path}: {result.errors} requests failed")
                return 1
            if path in targets:
                worst = max(worst, result.p95_ms)
            note = "" if path in targets else "   (for information)"
            print(
                result.line()
                + f"   p95 ratio to static: {result.p95_ms / static.p95_ms:.2f}"
                + note
            )
        print(
            f"assessment page and matrix p95 {worst:.1f} ms; target under {TARGET_MS:.0f} ms: "
            f"{'met' if worst < TARGET_MS else 'NOT met'}"
        )
        cpu = subprocess.run(
            [sys.executable, str(HERE / "_national_dataset.py"), "cpu", LEAD, *targets, *others],
            env=built_env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.rstrip()
        print(cpu)
    return 0


def warm_signed_in(port: int, path: str, headers: dict[str, str], times: int = 10) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(times):
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}: check the session")
    conn.close()


if __name__ == "__main__":
    raise SystemExit(main())
