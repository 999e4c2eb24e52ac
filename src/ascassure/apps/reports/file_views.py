"""Sending stored files: supporting files of comments, and frozen reports, each checked
against its recorded SHA-256 before a byte leaves."""

from __future__ import annotations

import logging

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from ascassure.apps.reports import storage
from ascassure.apps.reports.models import FacCommentFile
from ascassure.files import FileKind

logger = logging.getLogger(__name__)


def checked_bytes(stored_name: str, expected_sha256: str) -> bytes:
    try:
        return storage.read_checked(stored_name, expected_sha256)
    except storage.FileIntegrityError:
        logger.error("stored report file failed its integrity check: %s", stored_name)
        raise Http404("This file cannot be shown.") from None


def file_response(upload: FacCommentFile) -> HttpResponse:
    data = checked_bytes(upload.stored_name, upload.sha256)
    response = HttpResponse(data, content_type=FileKind(upload.kind).mime)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=upload.original_name
    )
    return response
