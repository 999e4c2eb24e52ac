"""A small closed-loop HTTP load generator for the benchmarks (loopback only).

Each of N clients keeps one connection open and sends its requests back to back; latencies
are collected per request. Loops are bounded in count and in time.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        return (
            f"{self.path:<40} n={self.requests:<5} err={self.errors:<3} "
            f"p50={self.p50_ms:7.1f} ms  p95={self.p95_ms:7.1f} ms  p99={self.p99_ms:7.1f} ms  "
            f"{self.per_second:7.1f} req/s"
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def load(
    port: int,
    path: str,
    *,
    clients: int = 20,
    per_client: int = 50,
    headers: dict[str, str] | None = None,
    max_seconds: float = 120.0,
) -> LoadResult:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        for _ in range(per_client):
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return LoadResult(
        path=path,
        requests=len(latencies),
        errors=errors,
        seconds=seconds,
        p50_ms=statistics.median(latencies),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
    )


def warm(port: int, path: str, times: int = 20) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(times):
        conn.request("GET", path)
        conn.getresponse().read()
    conn.close()


@contextmanager
def demo_server(
    *,
    data_dir: Path,
    workers: int = 3,
    threads: int = 2,
    prepare: Callable[[dict], None] | None = None,
) -> Iterator[int]:
    """Set up a demo database in data_dir and serve it with the product's own server."""
    env = dict(os.environ, ASCASSURE_DATA_DIR=str(data_dir), ASCASSURE_DEMO="1")
    env.pop("DATABASE_URL", None)
    ascassure = [sys.executable, "-m", "ascassure.cli"]
    subprocess.run([*ascassure, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    if prepare:
        prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [
            *ascassure,
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
