"""Telling people what happened, the same way on every page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest


def show_refusal(request: HttpRequest, refusal: Exception) -> None:
    """Each reason a service gave for refusing a change, as an error message on the next page."""
    for reason in getattr(refusal, "reasons", ()) or (str(refusal),):
        messages.error(request, reason)
