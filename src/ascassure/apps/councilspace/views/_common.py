"""Who may open a workspace page, and what every page shows around its content."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from ascassure.apps.councilspace import selectors
from ascassure.apps.councilspace.models import SelfAssessment
from ascassure.apps.councilspace.selectors import Workspace
from ascassure.apps.web.caching import CACHE_SECONDS, cached_fragment

VIEWERS_READ = "Council viewers can read the workspace but not change it."
SAFE_METHODS = {"GET", "HEAD"}
EDITORS_ONLY_TABS = {"case-list"}  # it holds people's cases: editors only, as the case list


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


@lru_cache(maxsize=4096)
def _tab_links(slug: str, year: int | None) -> tuple[tuple[str, str, str], ...]:
    """The sections of a workspace (the URLs depend only on the council and the year)."""
    items = []
    if year is not None:
        items += [
            ("self-assessment", "Self-assessment", reverse("councilspace:year", args=[slug, year])),
            ("readiness", "Readiness", reverse("councilspace:readiness", args=[slug, year])),
        ]
    items += [
        ("evidence", "Evidence library", reverse("councilspace:evidence", args=[slug])),
        ("plan", "Improvement plan", reverse("councilspace:plan", args=[slug])),
        (
            "case-list",
            "Case list builder",
            reverse("councilspace:case-list-builder", args=[slug]),
        ),
    ]
    if year is not None:
        items += [
            (
                "briefing",
                "Lead member briefing",
                reverse("councilspace:briefing", args=[slug, year]),
            ),
            ("versions", "Versions", reverse("councilspace:versions", args=[slug, year])),
        ]
    items.append(("years", "Years", reverse("councilspace:years", args=[slug])))
    return tuple(items)


def tabs(workspace: Workspace, self_assessment: SelfAssessment | None, current: str) -> list[dict]:
    year = self_assessment.year if self_assessment is not None else None
    return [
        {"key": key, "label": label, "url": url, "current": key == current}
        for key, label, url in _tab_links(workspace.council.slug, year)
        if key not in EDITORS_ONLY_TABS or workspace.can_edit
    ]


def _versioned(workspace: Workspace, what: str, load: Callable[[], object]) -> object:
    """Something read from the workspace, kept until the workspace next changes."""
    key = f"councilspace:{what}:{workspace.council.pk}:{workspace.version}"
    found = cache.get(key)
    if found is None:
        found = load()
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def self_assessment_for(workspace: Workspace, year: int) -> SelfAssessment:
    """The council's self-assessment of a year (404 if none), read once per workspace version:
    a self-assessment's own fields never change and none is ever deleted."""
    found = _versioned(
        workspace,
        f"year-{year}",
        lambda: (
            selectors.self_assessments(council=workspace.council).filter(year=year).first() or False
        ),
    )
    if not isinstance(found, SelfAssessment):
        raise Http404(selectors.NOT_FOUND)
    return found


def current_self_assessment_for(workspace: Workspace) -> SelfAssessment | None:
    """The latest year's self-assessment, read once per workspace version."""
    found = _versioned(
        workspace,
        "current",
        lambda: selectors.current_self_assessment(council=workspace.council) or False,
    )
    return found if isinstance(found, SelfAssessment) else None


def page_context(
    workspace: Workspace, self_assessment: SelfAssessment | None, current: str, **extra
) -> dict:
    if self_assessment is None and current in {"evidence", "plan", "years", "case-list"}:
        self_assessment = current_self_assessment_for(workspace)
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
