"""Council workspace pages under 20 concurrent signed-in clients, and the Word export.

A fresh demo database with Trafford's demonstration workspace (two years, saved versions,
evidence, actions) is served by the product's own server; every client sends the session
cookie of the demo editor. Prints p50/p95/p99 per page and the ratio of each p95 to the p95 of
the stylesheet served by the same server in the same run (the reference; a council's public
page, signed in, is measured too for comparison), then the time to
export the full self-assessment as DOCX (and, for information, as PDF).
Targets: every page p95 under 150 ms; DOCX export under 2 s.
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import demo_server, load, warm

CLIENTS = 20
PER_CLIENT = 50
STATIC = "/static/ascassure/app.css"
COUNCIL_PAGE = "/councils/trafford/"  # an existing signed-in page, for comparison
PAGE_TARGET_MS = 150.0
DOCX_TARGET_S = 2.0

PREPARE = textwrap.dedent(
    """
    import sys
    from ascassure.cli import django_setup
    django_setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from ascassure.apps.accounts.models import User
    from ascassure.apps.councils.models import Council
    from ascassure.apps.councilspace.demo import demo_load

    council = Council.objects.get(ons_code="E08000009")
    editor = User.objects.get(username="dass@trafford.demo.invalid")
    viewer = User.objects.get(username="member@trafford.demo.invalid")
    demo_load(council=council, editor=editor, viewer=viewer)
    session = SessionStore()
    session[SESSION_KEY] = str(editor.pk)
    session[BACKEND_SESSION_KEY] = "ascassure.apps.accounts.backends.AccountBackend"
    session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
    session.create()
    print(session.session_key, timezone.localdate().year)
    """
)


def main() -> int:
    workers, threads = (
        int(os.environ.get("BENCH_WORKERS", "3")),
        int(os.environ.get("BENCH_THREADS", "2")),
    )
    found: dict[str, str] = {}

    def prepare(env: dict) -> None:
        out = subprocess.run(
            [sys.executable, "-c", PREPARE], env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        found["session"], found["year"] = out[-2], out[-1]

    with (
        tempfile.TemporaryDirectory() as tmp,
        demo_server(data_dir=Path(tmp), workers=workers, threads=threads, prepare=prepare) as port,
    ):
        headers = {"Cookie": f"sessionid={found['session']}"}
        base = f"/workspace/trafford/{found['year']}"
        pages = (
            f"{base}/",
            f"{base}/qs/QS1/",
            f"{base}/qs/QS1/edit/",
            f"{base}/readiness/",
            f"{base}/versions/?a=1&b=0",
            f"{base}/briefing/",
            "/workspace/trafford/evidence/",
            "/workspace/trafford/plan/",
        )
        print(f"server: {workers} worker processes x {threads} threads")
        for path in pages:
            _check(port, path, headers)
            warm_signed_in(port, path, headers)
        warm(port, STATIC)
        warm_signed_in(port, COUNCIL_PAGE, headers)
        static = load(port, STATIC, clients=CLIENTS, per_client=PER_CLIENT)
        council = load(port, COUNCIL_PAGE, clients=CLIENTS, per_client=PER_CLIENT, headers=headers)
        print(f"{CLIENTS} concurrent clients, {PER_CLIENT} requests each")
        print(static.line() + "   (reference)")
        print(council.line() + f"   p95 ratio to static: {council.p95_ms / static.p95_ms:.2f}")
        worst = 0.0
        for path in pages:
            result = load(port, path, clients=CLIENTS, per_client=PER_CLIENT, headers=headers)
            worst = max(worst, result.p95_ms)
            print(result.line() + f"   p95 ratio to static: {result.p95_ms / static.p95_ms:.2f}")
        print(
            f"worst page p95 {worst:.1f} ms; target under {PAGE_TARGET_MS:.0f} ms: "
            f"{'met' if worst < PAGE_TARGET_MS else 'NOT met'}"
        )
        for kind, target in (("docx", DOCX_TARGET_S), ("pdf", None)):
            times = [timed_get(port, f"{base}/self-assessment.{kind}", headers) for _ in range(5)]
            line = (
                f"{kind.upper()} export of the full self-assessment: median "
                f"{statistics.median(times):.2f} s, worst {max(times):.2f} s "
                "(5 runs, one at a time)"
            )
            if target is not None:
                line += (
                    f"; target under {target:.0f} s: {'met' if max(times) < target else 'NOT met'}"
                )
            print(line)
    return 0


def _check(port: int, path: str, headers: dict[str, str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}: the session was not accepted?")


def warm_signed_in(port: int, path: str, headers: dict[str, str], times: int = 10) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(times):
        conn.request("GET", path, headers=headers)
        conn.getresponse().read()
    conn.close()


def timed_get(port: int, path: str, headers: dict[str, str]) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    if response.status != 200 or not body:
        raise SystemExit(f"{path} answered {response.status}")
    return elapsed


if __name__ == "__main__":
    raise SystemExit(main())
