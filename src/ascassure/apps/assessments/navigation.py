"""The tabs of an assessment's pages. Each area registers its own tab in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Tab:
    label: str
    url_name: str  # takes the assessment's pk as `pk`
    order: int


_tabs: dict[str, Tab] = {}


def register_tab(label: str, url_name: str, order: int) -> None:
    _tabs[url_name] = Tab(label=label, url_name=url_name, order=order)


def tabs_for(assessment_pk: int, current: str) -> list[dict[str, object]]:
    return [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"pk": assessment_pk}),
            "current": tab.url_name == current,
        }
        for tab in sorted(_tabs.values(), key=lambda t: t.order)
    ]


_council_links: dict[str, Tab] = {}


def register_council_link(label: str, url_name: str, order: int) -> None:
    """A page of the council's side of an assessment (information return, case list ...)."""
    _council_links[url_name] = Tab(label=label, url_name=url_name, order=order)


def council_links_for(assessment_pk: int) -> list[dict[str, object]]:
    return [
        {"label": tab.label, "url": reverse(tab.url_name, kwargs={"pk": assessment_pk})}
        for tab in sorted(_council_links.values(), key=lambda t: t.order)
    ]
