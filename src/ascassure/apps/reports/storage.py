"""Files of the reports area under ``MEDIA_ROOT/reports/<assessment>/`` (never served).

Frozen reports are written before the database records them and removed again if the
transaction fails; a file is read back only after its SHA-256 matches the one recorded.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings

from ascassure.files import atomic_write, sha256

AREA = "reports"


class FileIntegrityError(Exception):
    """A stored file is missing or no longer matches its recorded checksum."""


def area_root() -> Path:
    return Path(settings.MEDIA_ROOT) / AREA


def new_name(assessment_pk: int, stem: str, extension: str) -> str:
    """A fresh name relative to MEDIA_ROOT: ``reports/<assessment>/<stem>-<random>.<ext>``."""
    if not extension.isalnum() or not stem.replace("-", "").isalnum():
        raise ValueError(f"not a safe file name: {stem!r}.{extension!r}")
    return f"{AREA}/{int(assessment_pk)}/{stem}-{secrets.token_hex(8)}.{extension}"


def resolve(stored_name: str) -> Path:
    """The absolute path of a stored name, refusing anything outside the area."""
    path = (Path(settings.MEDIA_ROOT) / stored_name).resolve()
    if not path.is_relative_to(area_root().resolve()):
        raise ValueError(f"stored name outside the reports area: {stored_name!r}")
    return path


def write(stored_name: str, data: bytes) -> None:
    """Write the file whole or not at all (a temporary file renamed into place)."""
    atomic_write(resolve(stored_name), data)


def remove(stored_name: str) -> None:
    if stored_name:
        resolve(stored_name).unlink(missing_ok=True)


def read_checked(stored_name: str, expected_sha256: str) -> bytes:
    """The file's bytes, or :class:`FileIntegrityError` when missing or changed."""
    try:
        data = resolve(stored_name).read_bytes()
    except (OSError, ValueError) as error:
        raise FileIntegrityError(f"{stored_name} cannot be read") from error
    if sha256(data) != expected_sha256:
        raise FileIntegrityError(f"{stored_name} does not match its checksum")
    return data
