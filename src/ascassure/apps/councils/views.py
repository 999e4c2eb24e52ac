from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from ascassure.apps.councils import selectors
from ascassure.apps.councils.forms import DirectoryFilterForm
from ascassure.apps.councils.models import Council
from ascassure.apps.web.caching import cached_fragment, public_page
from ascassure.domain.framework import load_framework
from ascassure.domain.scoring import score_assessment


@public_page(selectors.directory_version, name="directory")
def directory(request: HttpRequest) -> HttpResponse:
    """The directory. Its body (filters and table) is the same for everyone who asks the same
    question of the same data, so it is rendered once per data version and query."""
    body = cached_fragment(
        name="councils:directory",
        version=selectors.directory_version(),
        query=urlencode(sorted(request.GET.items())),
        render=lambda: _directory_body(request),
    )
    return render(request, "councils/directory.html", {"body": body})


def _directory_body(request: HttpRequest) -> str:
    choices = selectors.directory_choices()
    form = DirectoryFilterForm(request.GET or None, choices=choices)
    filters = form.filters() if form.is_bound and form.is_valid() else selectors.DirectoryFilters()
    councils = list(selectors.council_directory(filters=filters))
    return render_to_string(
        "councils/_directory_body.html",
        {
            "form": form,
            "councils": councils,
            "filters": filters,
            "sort_columns": [
                ("name", "Council"),
                ("type", "Type"),
                ("region", "Region"),
                ("icb", "Integrated care board"),
                ("rating", "Rating"),
                ("published", "Published"),
            ],
            "querystring": form.querystring_without_sort() if form.is_bound else "",
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        council = selectors.council_get(slug=slug)
    except Council.DoesNotExist:
        raise Http404("No council has that address.") from None
    results = selectors.council_results(council=council)
    framework = load_framework()
    latest = results[0] if results else None
    scored = score_assessment(latest.scores, framework=framework) if latest else None
    rows = []
    if latest:
        for statement, score in zip(framework.statements, latest.scores, strict=True):
            meaning = next((m for m in framework.score_meanings if m.score == score), None)
            rows.append({"statement": statement, "score": score, "meaning": meaning})
    return render(
        request,
        "councils/detail.html",
        {
            "council": council,
            "results": results,
            "latest": latest,
            "scored": scored,
            "rows": rows,
            "themes": framework.themes,
            "icb_shares": council.icb_shares.select_related("icb"),
        },
    )
