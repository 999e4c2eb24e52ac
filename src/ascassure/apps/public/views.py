"""The public site: national ratings with a map, open data and a feed. No sign-in."""

from __future__ import annotations

import json
from collections import Counter

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from ascassure.apps.councils.models import PublishedResult
from ascassure.apps.councils.selectors import (
    RATINGS_BEST_FIRST,
    directory_version,
    published_results_export,
)
from ascassure.apps.public.selectors import national_map
from ascassure.apps.web.caching import cached_fragment, public_page
from ascassure.domain.published import write_published_csv

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@public_page(directory_version, name="national")
def national(request: HttpRequest) -> HttpResponse:
    body = cached_fragment(
        name="public:national", version=directory_version(), query="", render=_national_body
    )
    return render(request, "public/national.html", {"body": body})


def _national_body() -> str:
    hexes, width, height = national_map()
    counts = Counter(h.rating or "Not yet rated" for h in hexes)
    return render_to_string(
        "public/_national_body.html",
        {
            "hexes": hexes,
            "width": round(width),
            "height": round(height),
            "counts": [(r, counts.get(r, 0)) for r in [*RATINGS_BEST_FIRST, "Not yet rated"]],
            "rated": sum(1 for h in hexes if h.rating),
            "ordered": sorted(hexes, key=lambda h: h.name),
        },
    )


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/open_data.html",
        {"count": PublishedResult.objects.count(), "licence": LICENCE, "licence_url": LICENCE_URL},
    )


@public_page(directory_version, name="ratings-csv")
def ratings_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        write_published_csv(published_results_export()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="ratings.csv"'
    response["X-Licence"] = LICENCE
    return response


@public_page(directory_version, name="ratings-json")
def ratings_json(request: HttpRequest) -> HttpResponse:
    document = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": "Contains public sector information licensed under the "
        "Open Government Licence v3.0.",
        "schema": request.build_absolute_uri(reverse("public:open-data")) + "#schema",
        "generated": timezone.now().isoformat(timespec="seconds"),
        "results": [row.as_dict() for row in published_results_export()],
    }
    return HttpResponse(
        json.dumps(document, indent=1, default=str), content_type="application/json"
    )


class ReportsFeed(Feed):
    feed_type = Atom1Feed
    title = "Published assessments of councils' adult social care"
    subtitle = "Each new published rating, newest first."

    def link(self) -> str:
        return reverse("public:national")

    def items(self):
        return PublishedResult.objects.select_related("council").order_by(
            "-published_month", "-pk"
        )[:50]

    def item_title(self, item: PublishedResult) -> str:
        return f"{item.council.name}: {item.rating} ({item.percent}%)"

    def item_description(self, item: PublishedResult) -> str:
        scores = ", ".join(
            f"QS{n} {s if s else 'not assessed'}" for n, s in enumerate(item.scores, 1)
        )
        return f"Published {item.published_month:%B %Y}. Quality statement scores: {scores}."

    def item_link(self, item: PublishedResult) -> str:
        return item.council.get_absolute_url() + f"#result-{item.pk}"

    def item_pubdate(self, item: PublishedResult):
        return timezone.make_aware(
            timezone.datetime.combine(item.published_month, timezone.datetime.min.time())
        )

    def item_updateddate(self, item: PublishedResult):
        return item.updated_at


reports_feed = public_page(directory_version, name="feed")(ReportsFeed())
