"""``ascassure demo``, ``serve`` and ``load-reference``: running the product."""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys

# Measured (docs/benchmarks.md): on 2 cores, 3 processes of 2 threads serve the directory at a
# p95 half that of 2 processes of 8 threads; more threads per process contend for the GIL.
DEFAULT_WORKERS = max(2, 2 * (os.cpu_count() or 1) - 1)


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="set up the demonstration (database, reference data, published ratings, demo "
        "people), print the sign-ins and serve",
    )
    demo.add_argument("--bind", default="127.0.0.1:8000", help="address:port (default %(default)s)")
    demo.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
    demo.set_defaults(handler=handle_demo)

    serve = subparsers.add_parser("serve", help="serve the web application")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="processes (default %(default)s)"
    )
    serve.add_argument(
        "--threads", type=int, default=2, help="threads per process (default %(default)s)"
    )
    serve.add_argument(
        "--with-worker",
        action="store_true",
        help="also run the background task worker (otherwise run `ascassure db_worker`)",
    )
    serve.set_defaults(handler=handle_serve)

    load = subparsers.add_parser(
        "load-reference", help="load or refresh the 153 councils, regions and ICBs"
    )
    load.set_defaults(handler=handle_load_reference)


def _set_up_database() -> None:
    from django.core.management import call_command

    from ascassure.apps.councils.services import reference_data_load

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    report = reference_data_load()
    print(
        f"Reference data: {report.councils} councils, {report.regions} regions, "
        f"{report.icbs} integrated care boards."
    )
    from ascassure.apps.reports.services import publication_windows_load

    publication_windows_load()


def handle_load_reference(args: argparse.Namespace) -> int:
    from ascassure.cli import django_setup

    django_setup()
    _set_up_database()
    return 0


def _demo_password(data_dir) -> str:
    path = data_dir / "demo-password.txt"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


def handle_demo(args: argparse.Namespace) -> int:
    os.environ["ASCASSURE_DEMO"] = "1"
    from ascassure.cli import django_setup

    django_setup()
    from django.conf import settings

    from ascassure.apps.accounts.services import demo_people_load
    from ascassure.apps.councils.services import published_results_import, reference_data_dir

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Database: {settings.DATABASES['default']['NAME']}")
    _set_up_database()
    text = (reference_data_dir() / "published_ratings_2025-10.csv").read_text(encoding="utf-8")
    report = published_results_import(text=text)
    print(
        f"Published ratings: {report.created} added, {report.unchanged + report.updated} "
        "already there."
    )
    password = _demo_password(settings.DATA_DIR)
    sign_ins = demo_people_load(password=password)
    from django.test.utils import override_settings
    from django.utils import timezone

    from ascassure.apps.web.demo import WORLD, demo_world_load

    # The demo's own e-mails (requests sent, extensions asked for) are not printed.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        created = demo_world_load(today=timezone.localdate(), password=password)
    if created:
        print(f"Demo assessments: {created} created, one at each stage.")
    else:
        print(f"Demo assessments: already there ({len(WORLD)} at every stage).")
    print("\nDemo sign-ins (demonstration accounts work only in demo mode):")
    width = max(len(s.email) for s in sign_ins)
    for sign_in in sign_ins:
        print(f"  {sign_in.email.ljust(width)}  {sign_in.description}")
    print(f"  {'dass@<council>.demo.invalid'.ljust(width)}  council editor of each demo council")
    print(f"  password for all: {password}\n")
    if args.no_serve:
        return 0
    print(f"Serving on http://{args.bind}/ with the background worker (Ctrl+C to stop)")
    return _serve(bind=args.bind, workers=DEFAULT_WORKERS, threads=2, with_worker=True)


def handle_serve(args: argparse.Namespace) -> int:
    return _serve(
        bind=args.bind, workers=args.workers, threads=args.threads, with_worker=args.with_worker
    )


def _serve(*, bind: str, workers: int, threads: int, with_worker: bool = False) -> int:
    """Run the web server; with_worker also runs the background task worker beside it
    (imports, reminders, report rendering) and stops it with the server."""
    worker = None
    if with_worker:
        worker = subprocess.Popen([sys.executable, "-m", "ascassure.cli", "db_worker"])
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "ascassure.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-" if os.environ.get("ASCASSURE_ACCESS_LOG") else "/dev/null",
    ]
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=20)
