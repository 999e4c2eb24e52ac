"""Where the council's files live on disk, and how they get there without leaving debris.

An upload is first copied to ``MEDIA_ROOT/inforeturn/<assessment>/.incoming-<random>`` (same
directory, so the final move is an atomic rename), checksummed on the way. The service moves
it to its random final name only when the database transaction commits; if anything fails
before that, the incoming file is deleted. An incoming file can outlive its upload only when
an outer transaction the service does not control rolls back; :func:`incoming_sweep` removes
those (run daily with the reminders).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File

from ascassure.files import clean_filename as clean_filename  # the inforeturn's callers use it here

AREA = "inforeturn"
INCOMING_PREFIX = ".incoming-"


@dataclass(frozen=True, slots=True)
class Incoming:
    path: Path
    size: int
    sha256: str


def area_root() -> Path:
    return Path(settings.MEDIA_ROOT) / AREA


def assessment_dir(assessment_pk: int) -> Path:
    return area_root() / str(int(assessment_pk))


def new_stored_name(assessment_pk: int, extension: str) -> str:
    """A random final name, relative to MEDIA_ROOT: ``inforeturn/<assessment>/<hex>.<ext>``."""
    if not extension.isalnum():
        raise ValueError(f"not a file extension: {extension!r}")
    return f"{AREA}/{int(assessment_pk)}/{secrets.token_hex(16)}.{extension}"


def resolve(stored_name: str) -> Path:
    """The absolute path of a stored name, refusing anything that would leave the area."""
    path = (Path(settings.MEDIA_ROOT) / stored_name).resolve()
    if not path.is_relative_to(area_root().resolve()):
        raise ValueError(f"stored name outside the upload area: {stored_name!r}")
    return path


def receive(upload: File, *, assessment_pk: int) -> Incoming:
    """Copy the upload to an incoming file next to its final place, with size and SHA-256."""
    directory = assessment_dir(assessment_pk)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{INCOMING_PREFIX}{secrets.token_hex(16)}"
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    try:
        with open(path, "xb") as out:
            for chunk in upload.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Incoming(path=path, size=size, sha256=digest.hexdigest())


def move_into_place(incoming: Path, stored_name: str) -> None:
    os.replace(incoming, resolve(stored_name))


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)


def delete_stored(stored_name: str) -> None:
    resolve(stored_name).unlink(missing_ok=True)


def incoming_sweep(*, older_than_seconds: int = 24 * 3600) -> int:
    """Delete incoming files left by rolled-back uploads; returns how many were removed."""
    root = area_root()
    if not root.exists():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in root.glob(f"*/{INCOMING_PREFIX}*"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
