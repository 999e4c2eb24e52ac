from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from ascassure.apps.councils.models import Council, PublishedResult


def home(request: HttpRequest) -> HttpResponse:
    by_rating = dict(
        PublishedResult.objects.values_list("rating").annotate(n=Count("id")).order_by()
    )
    return render(
        request,
        "web/home.html",
        {
            "council_count": Council.objects.count(),
            "rated_count": PublishedResult.objects.values("council").distinct().count(),
            "by_rating": by_rating,
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok", "councils": Council.objects.count()})
