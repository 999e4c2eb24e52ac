from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics import detail as measure_reads
from ascassure.apps.metrics import peers, registry, selectors, services
from ascassure.apps.metrics.benchmarks import direction_of, directions_map
from ascassure.apps.metrics.forms import (
    CharacteristicsForm,
    DirectionForm,
    ImportForm,
    PeerGroupForm,
)
from ascassure.apps.metrics.indicators import indicators_for_council
from ascassure.apps.metrics.models import (
    CharacteristicsTable,
    DataImport,
    Measure,
    PeerGroup,
    PeerGroupKind,
)
from ascassure.apps.metrics.periods import period_label
from ascassure.apps.metrics.tasks import data_import_task
from ascassure.apps.web.caching import cached_fragment
from ascassure.domain.framework import load_framework

analyst_only = permission_required("metrics.import_data", raise_exception=True)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _council(slug: str) -> Council:
    try:
        return Council.objects.select_related("region").get(slug=slug)
    except Council.DoesNotExist:
        raise Http404("No council has that address.") from None


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "metrics/index.html",
        {
            "loaded": selectors.loaded_periods(),
            "councils": Council.objects.only("name", "slug"),
            "can_import": request.user.has_perm("metrics.import_data"),
        },
    )


def council_pick(request: HttpRequest) -> HttpResponse:
    """The index's "Show a council's data" form, for browsers without JavaScript."""
    council = Council.objects.filter(slug=request.GET.get("council", "")).first()
    if council is None:
        return redirect("metrics:index")
    return redirect("metrics:profile", slug=council.slug)


PAGE_PARAMS = frozenset({"year", "peers", "disaggregation"})


def _cached_body(request: HttpRequest, page: str, slug: str, render_body) -> SafeString:
    """A page body rendered once per data version and question (``cached_fragment``): the
    pages are public and the same for everyone. Only the parameters the pages read are part
    of the key, so made-up ones cannot fill the cache."""
    query = urlencode(sorted((k, v[:80]) for k, v in request.GET.items() if k in PAGE_PARAMS))
    return cached_fragment(
        name="metrics",
        version=f"{page}|{slug}|{selectors.data_version()}",
        query=query,
        render=render_body,
    )


def profile(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council(slug)

    def render_body() -> str:
        data = selectors.council_profile(
            council=council,
            period=request.GET.get("year") or None,
            peer_group_id=_int(request.GET.get("peers")),
        )
        return render_to_string(
            "metrics/_profile_body.html",
            {
                "profile": data,
                "council": council,
                "periods": [(p, period_label(p)) for p in data.periods],
            },
        )

    body = _cached_body(request, "profile", slug, render_body)
    return render(request, "metrics/profile.html", {"council": council, "body": body})


def profile_csv(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{council.slug}-measures.csv"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    for row in selectors.council_export_rows(council=council):
        b, m = row.benchmark, row.measure
        writer.writerow(
            [
                council.ons_code,
                council.name,
                b.period,
                m.get_source_display(),
                m.framework,
                m.code,
                m.group,
                m.description,
                b.disaggregation,
                _csv_number(b.value),
                b.suppression,
                _csv_number(b.numerator),
                _csv_number(b.denominator),
                _csv_number(b.base),
                _csv_number(b.margin_of_error),
                _csv_number(b.ci_low),
                _csv_number(b.ci_high),
                b.get_ci_method_display() if b.ci_method else "",
                _csv_number(b.england),
                _csv_number(b.region),
                b.council_type_name,
                _csv_number(b.council_type),
                row.direction or "",
                b.rank or "",
                b.ranked_of or "",
                b.quartile or "",
                b.funnel_position,
            ]
        )
    return response


EXPORT_HEADER = [
    "ons_code",
    "council",
    "period",
    "source",
    "framework",
    "measure_code",
    "measure_group",
    "description",
    "disaggregation",
    "value",
    "suppression_marker",
    "numerator",
    "denominator",
    "base",
    "margin_of_error",
    "interval_95_low",
    "interval_95_high",
    "interval_method",
    "england",
    "region",
    "council_type",
    "council_type_value",
    "better_direction",
    "rank",
    "ranked_of",
    "quartile",
    "funnel_position",
]


def _csv_number(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def measure(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = _council(slug)
    found = get_object_or_404(Measure, pk=pk)

    def render_body() -> str:
        detail = measure_reads.measure_detail(
            council=council,
            measure=found,
            period=request.GET.get("year") or None,
            disaggregation=request.GET.get("disaggregation", ""),
            peer_group_id=_int(request.GET.get("peers")),
        )
        return render_to_string(
            "metrics/_measure_body.html", {"detail": detail, "council": council}
        )

    try:
        body = _cached_body(request, f"measure-{pk}", slug, render_body)
    except selectors.NotFound:
        raise Http404("This council has no figures for that measure.") from None
    return render(
        request, "metrics/measure.html", {"council": council, "measure": found, "body": body}
    )


def quality_statements(request: HttpRequest, slug: str, qs: str = "") -> HttpResponse:
    council = _council(slug)
    framework = load_framework()
    statements = {s.code: s for s in framework.statements}
    if qs and qs.upper() not in statements:
        raise Http404("No quality statement has that code.")
    found = indicators_for_council(
        council=council, qs_code=qs or None, period=request.GET.get("year") or None
    )
    return render(
        request,
        "metrics/quality_statements.html",
        {
            "council": council,
            "indicators": found,
            "period": found.period,
            "period_label": found.period_label,
            "statements": [(statements.get(s.qs), s) for s in found.statements],
            "one": qs.upper() if qs else "",
        },
    )


def measures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "metrics/measures.html",
        {
            "measures": selectors.measures_registry(),
            "can_edit": request.user.has_perm("metrics.edit_registry"),
        },
    )


@login_required
@permission_required("metrics.edit_registry", raise_exception=True)
def measure_direction(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Measure, pk=pk)
    current = direction_of(found, directions_map())
    form = DirectionForm(request.POST or None, initial={"direction": current})
    if request.method == "POST" and form.is_valid():
        written = registry.measure_direction_set(
            framework=found.framework,
            code=found.direction_code,
            direction=form.cleaned_data["direction"],
            name=found.short_description,
        )
        messages.success(
            request,
            f"Direction of {found.direction_code} saved; {written} benchmarks ranked again.",
        )
        return redirect("metrics:measures")
    return render(request, "metrics/direction.html", {"form": form, "measure": found})


@login_required
@analyst_only
def imports(request: HttpRequest) -> HttpResponse:
    return render(request, "metrics/imports.html", {"imports": selectors.data_imports()})


@login_required
@analyst_only
def import_new(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data_import = services.data_import_create(
                data=upload.read(),
                file_name=upload.name,
                source=form.cleaned_data["source"],
                year=form.cleaned_data["year"],
                created_by=request.user,
            )
        except services.ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            data_import_task.enqueue(data_import.pk)
            return redirect("metrics:import", pk=data_import.pk)
    return render(request, "metrics/import_new.html", {"form": form})


@login_required
@analyst_only
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        data_import = selectors.data_import_get(pk=pk)
    except DataImport.DoesNotExist:
        raise Http404("No import has that number.") from None
    return render(
        request,
        "metrics/import_detail.html",
        {
            "data_import": data_import,
            "status_url": reverse("metrics:import-status", kwargs={"pk": pk}),
        },
    )


@login_required
@analyst_only
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    data_import = get_object_or_404(
        DataImport.objects.only(
            "status", "rows_done", "rows_total", "problem_count", "source", "file_name"
        ),
        pk=pk,
    )
    return JsonResponse(
        {
            "status": data_import.status,
            "status_label": data_import.get_status_display(),
            "rows_done": data_import.rows_done,
            "rows_total": data_import.rows_total,
            "percent": data_import.percent_done,
            "finished": data_import.finished,
        }
    )


def peer_groups(request: HttpRequest) -> HttpResponse:
    groups = PeerGroup.objects.exclude(kind=PeerGroupKind.NEAREST).select_related("council")
    return render(
        request,
        "metrics/peer_groups.html",
        {
            "groups": groups.prefetch_related("memberships__council"),
            "tables": CharacteristicsTable.objects.all(),
            "can_edit": request.user.has_perm("metrics.manage_peer_groups"),
        },
    )


@login_required
@permission_required("metrics.manage_peer_groups", raise_exception=True)
def peer_group_new(request: HttpRequest) -> HttpResponse:
    form = PeerGroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = data["members"].splitlines()
        if data["file"]:
            try:
                members += peers.codes_from_csv(data["file"].read())
            except ValueError as error:
                form.add_error("file", str(error))
        if not form.errors:
            try:
                group = peers.peer_group_create(
                    name=data["name"],
                    members=members,
                    council=data["council"],
                    created_by=request.user,
                )
            except ValueError as error:
                form.add_error("members", str(error)[0].upper() + str(error)[1:])
            else:
                messages.success(request, f"Peer group “{group.name}” saved.")
                return redirect("metrics:peer-groups")
    return render(request, "metrics/peer_group_new.html", {"form": form})


@login_required
@permission_required("metrics.manage_peer_groups", raise_exception=True)
def characteristics_new(request: HttpRequest) -> HttpResponse:
    form = CharacteristicsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = peers.characteristics_table_create(
                name=data["name"],
                data=data["file"].read(),
                neighbours=data["neighbours"],
                created_by=request.user,
            )
        except ValueError as error:
            form.add_error("file", str(error)[0].upper() + str(error)[1:])
        else:
            messages.success(
                request,
                f"Nearest neighbours worked out for {table.groups.count()} councils "
                f"from “{table.name}”.",
            )
            return redirect("metrics:peer-groups")
    return render(request, "metrics/characteristics_new.html", {"form": form})
