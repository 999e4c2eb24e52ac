"""Evidence files: checked by content, stored outside the web root by their SHA-256.

What a file is comes from :func:`ascassure.files.sniff_upload` (PDF, DOCX, XLSX, ODT, CSV, up
to 25 MB; the extension must agree with the content). Files live under
``MEDIA_ROOT/councilspace/<council ONS code>/<sha256>``; MEDIA_ROOT is never served, so a file
leaves only through the permission-checked download view.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from ascassure import files
from ascassure.files import MAX_UPLOAD_BYTES as MAX_BYTES
from ascassure.files import UploadRefused

__all__ = ["MAX_BYTES", "TOO_BIG", "StoredFile", "UploadRefused", "store_upload", "stored_path"]

TOO_BIG = files.FILE_TOO_BIG.format(limit="25 MB")


@dataclass(frozen=True)
class StoredFile:
    name: str
    kind: str
    mime: str
    size: int
    sha256: str


def council_dir(ons_code: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "councilspace" / ons_code


def stored_path(ons_code: str, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 digest")
    return council_dir(ons_code) / sha256


def clean_name(filename: str) -> str:
    """The file name without any folder, and without characters that upset downloads."""
    name = Path(filename.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?;')
    return name[:200] or "evidence"


def store_upload(upload: UploadedFile, *, ons_code: str) -> StoredFile:
    """Check one uploaded file and store it; the same content is stored once per council."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise UploadRefused(TOO_BIG)
    name = clean_name(upload.name or "evidence")
    handle = upload.open("rb")
    handle.seek(0)
    detected = files.sniff_upload(handle, name)
    handle.seek(0)
    digest = files.sha256(handle)
    handle.seek(0)
    final = stored_path(ons_code, digest)
    size = upload.size or 0
    if not final.exists():
        files.atomic_write(final, upload.chunks(), mode=0o640)
    return StoredFile(
        name=name, kind=detected.kind.value, mime=detected.mime, size=size, sha256=digest
    )
