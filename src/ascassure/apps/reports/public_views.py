"""The published report, as the public reads it: the frozen HTML and PDF, byte for byte as
they were published (checked against their SHA-256). Anything unpublished is a 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify

from ascassure.apps.reports import selectors
from ascassure.apps.reports.file_views import checked_bytes

CACHE = "public, max-age=3600"  # a published version never changes


def report_html(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    version, _ = selectors.published_version(slug=slug, version_pk=version_pk)
    data = checked_bytes(version.html_name, version.html_sha256)
    response = HttpResponse(data, content_type="text/html; charset=utf-8")
    response["ETag"] = f'"{version.html_sha256}"'
    response["Cache-Control"] = CACHE
    return response


def report_pdf(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    version, publication = selectors.published_version(slug=slug, version_pk=version_pk)
    data = checked_bytes(version.pdf_name, version.pdf_sha256)
    response = HttpResponse(data, content_type="application/pdf")
    name = slugify(f"{slug} adult social care assessment {publication.date:%Y-%m-%d}")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["ETag"] = f'"{version.pdf_sha256}"'
    response["Cache-Control"] = CACHE
    return response
