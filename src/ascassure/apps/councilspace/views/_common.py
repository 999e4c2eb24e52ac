"""Who may open a workspace page, and what every page shows around its content."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from ascassure.apps.councilspace import selectors
from ascassure.apps.councilspace.models import SelfAssessment
from ascassure.apps.councilspace.selectors import Workspace
from ascassure.apps.web.caching import cached_fragment

VIEWERS_READ = "Council viewers can read the workspace but not change it."
SAFE_METHODS = {"GET", "HEAD"}


def workspace_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Members of the council only (404 for anyone else); changes by its editors only (403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
        workspace = selectors.workspace_for(user=request.user, slug=slug)
        if request.method not in SAFE_METHODS and not workspace.can_edit:
            raise PermissionDenied(VIEWERS_READ)
        return view(request, workspace, **kwargs)

    return wrapped


def require_editor(workspace: Workspace) -> None:
    if not workspace.can_edit:
        raise PermissionDenied(VIEWERS_READ)


def today():
    return timezone.localdate()


def tabs(workspace: Workspace, self_assessment: SelfAssessment | None, current: str) -> list[dict]:
    slug = workspace.council.slug
    items = []
    if self_assessment is not None:
        year = self_assessment.year
        items += [
            ("self-assessment", "Self-assessment", reverse("councilspace:year", args=[slug, year])),
            ("readiness", "Readiness", reverse("councilspace:readiness", args=[slug, year])),
        ]
    items += [
        ("evidence", "Evidence library", reverse("councilspace:evidence", args=[slug])),
        ("plan", "Improvement plan", reverse("councilspace:plan", args=[slug])),
    ]
    if self_assessment is not None:
        year = self_assessment.year
        items += [
            (
                "briefing",
                "Lead member briefing",
                reverse("councilspace:briefing", args=[slug, year]),
            ),
            ("versions", "Versions", reverse("councilspace:versions", args=[slug, year])),
        ]
    items.append(("years", "Years", reverse("councilspace:years", args=[slug])))
    return [
        {"key": key, "label": label, "url": url, "current": key == current}
        for key, label, url in items
    ]


def page_context(
    workspace: Workspace, self_assessment: SelfAssessment | None, current: str, **extra
) -> dict:
    if self_assessment is None and current in {"evidence", "plan", "years"}:
        self_assessment = selectors.current_self_assessment(council=workspace.council)
    return {
        "workspace": workspace,
        "council": workspace.council,
        "self_assessment": self_assessment,
        "tabs": tabs(workspace, self_assessment, current),
        "can_edit": workspace.can_edit,
        **extra,
    }


def cached_body(
    request: HttpRequest,
    workspace: Workspace,
    template: str,
    build: Callable[[], dict],
    *,
    extra: str = "",
) -> SafeString:
    """A page's body, rendered once per workspace version, role, day and query.

    Bodies hold no form that needs a CSRF token and nothing about the person beyond their
    role; every change to the workspace raises its version, so a body is never stale. ``extra``
    adds anything else the body depends on (another area's data version).
    """
    version = f"{workspace.council.pk}.{workspace.version}.{workspace.role}.{today():%Y%m%d}"
    query = f"{request.path}?{urlencode(sorted(request.GET.items()))}#{extra}"

    def render() -> str:
        context = {"workspace": workspace, "council": workspace.council}
        context["can_edit"] = workspace.can_edit
        return render_to_string(template, {**context, **build()})

    return cached_fragment(name="councilspace", version=version, query=query, render=render)
