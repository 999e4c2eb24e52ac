"""Shared fixtures: the reference data, loaded once per database."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The 153 councils, regions and ICBs exist in every database test (they are reference data)."""
    from ascassure.apps.councils.services import reference_data_load

    with django_db_blocker.unblock():
        reference_data_load()
    yield


@pytest.fixture
def trafford(db):
    from ascassure.apps.councils.models import Council

    return Council.objects.get(ons_code="E08000009")


@pytest.fixture
def bury(db):
    from ascassure.apps.councils.models import Council

    return Council.objects.get(ons_code="E08000002")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a fresh server would (Django tests only)."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests empty every table when they end; the reference data comes back
    for the next one (the 153 councils are there in every database test)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in (
        request.fixturenames
    )
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        transactional = True
    if transactional:
        request.getfixturevalue("transactional_db")
        from ascassure.apps.councils.models import Council
        from ascassure.apps.councils.services import reference_data_load

        if not Council.objects.exists():
            reference_data_load()
    yield
