"""An analyst imports ASCOF data (a refused file first), watches an import finish, then reads
a council's data profile, one measure in depth and its indicators by quality statement."""

import csv
import io

import pytest
from playwright.sync_api import expect

from apps.metrics.metrics_files import REAL_CSV, ascof_text
from axe import axe_violations
from builders import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ascof_upload() -> tuple[str, bytes]:
    """Rows of the real 2020-21 file for 2A1, 2A2 and 1C1A when it is here; else a small file."""
    if not REAL_CSV.exists():
        return "ascof-2020-21.csv", ascof_text().encode()
    with REAL_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for row in reader if row[8] in {"2A1", "2A2", "1C1A"}]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return "meas-from-asc-of-eng-2021-slice.csv", out.getvalue().encode()


def test_import_ascof_data_and_read_trafford_data_profile(page, tmp_path):
    from ascassure.apps.metrics.models import DataImport
    from ascassure.apps.metrics.registry import registry_seed
    from ascassure.apps.metrics.services import data_import_create, data_import_run

    registry_seed()
    make_user(email="ana@example.org", full_name="Ana Analyst", body_role="analyst")
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Ana Analyst").wait_for()

    # A file that is not CSV: refused with an error summary; the year typed is kept.
    page.goto("/data/imports/new/")
    not_csv = tmp_path / "report.csv"
    not_csv.write_bytes(b"%PDF-1.7\x00\x01 not a spreadsheet")
    page.get_by_label("Financial year (ASCOF files only)").fill("2020-21")
    page.get_by_label("Upload a file").set_input_files(str(not_csv))
    page.get_by_role("button", name="Import").click()
    summary = page.get_by_role("alert")
    expect(
        summary.get_by_text("The selected file must be a CSV or an Excel (.xlsx) file")
    ).to_be_visible()
    assert page.get_by_label("Financial year (ASCOF files only)").input_value() == "2020-21"
    assert axe_violations(page) == []

    # An import waiting for the worker: the page shows progress and updates itself.
    name, data = ascof_upload()
    waiting = data_import_create(data=data, file_name=name)
    page.goto(f"/data/imports/{waiting.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    expect(page.get_by_label("Progress")).to_be_visible()
    expect(page.get_by_role("link", name="Check progress")).to_be_visible()
    assert axe_violations(page) == []
    data_import_run(data_import=DataImport.objects.get(pk=waiting.pk))
    expect(page.get_by_role("heading", name="Imported")).to_be_visible(timeout=10_000)
    assert axe_violations(page) == []

    # Trafford's data profile, from the council page.
    page.goto("/councils/trafford/")
    page.get_by_role("link", name="Data profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trafford")
    section = page.locator('section[aria-labelledby="measure-2a2"]')
    expect(section.get_by_role("img")).to_be_visible()
    expect(section.get_by_role("table")).to_be_visible()
    assert axe_violations(page) == []

    section.get_by_role("link", name="Total (2A2): details").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2A2")
    expect(page.locator("#chart-funnel")).to_be_visible()
    page.get_by_text("Figures for all").click()
    expect(page.get_by_role("row", name="Bury")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/data/councils/trafford/quality-statements/")
    expect(
        page.get_by_role("heading", name="QS6 Safe systems, pathways and transitions")
    ).to_be_visible()
    assert axe_violations(page) == []
