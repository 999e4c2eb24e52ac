"""Render once per data version: page parts that are the same for everyone who asks the same
question of the same data are kept in the cache under a key that carries the data's version,
so a change anywhere is never served stale by any process."""

from __future__ import annotations

from collections.abc import Callable
from hashlib import sha256

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

CACHE_SECONDS = 600


def cached_fragment(
    *, name: str, version: str, query: str, render: Callable[[], str]
) -> SafeString:
    key = f"{name}:" + sha256(f"{version}?{query}".encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, timeout=CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (our own rendered template)
