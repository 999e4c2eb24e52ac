"""Render once per data version: page parts that are the same for everyone who asks the same
question of the same data are kept in the cache under a key that carries the data's version,
so a change anywhere is never served stale by any process."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from hashlib import sha256
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

CACHE_SECONDS = 600
_KEPT_HEADERS = {"Content-Type", "Content-Disposition", "X-Licence"}


def cached_fragment(
    *, name: str, version: str, query: str, render: Callable[[], str]
) -> SafeString:
    key = f"{name}:" + sha256(f"{version}?{query}".encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, timeout=CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (our own rendered template)


def public_page(version: Callable[[], str], *, name: str):
    """Serve a whole page from the cache to signed-out visitors, per data version and query.

    Signed-in people (whose header differs and whose forms carry a token), anything but GET,
    and a visitor with a message waiting all get the page rendered afresh.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if (
                request.method != "GET"
                or request.user.is_authenticated
                or "messages" in request.COOKIES
            ):
                return view(request, *args, **kwargs)
            query = urlencode(sorted(request.GET.items()))
            key = (
                f"page:{name}:" + sha256(f"{version()}|{request.path}?{query}".encode()).hexdigest()
            )
            cached = cache.get(key)
            if cached is not None:
                content, headers = cached
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                headers = {k: v for k, v in response.items() if k in _KEPT_HEADERS}
                cache.set(key, (response.content, headers), timeout=CACHE_SECONDS)
            return response

        return wrapped

    return decorator
