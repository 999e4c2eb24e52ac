"""Fixtures for the metrics tests: small files written by hand, the registry, one import."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.metrics.metrics_files import ascof_text


@pytest.fixture
def ascof_file(tmp_path):
    """Write an ASCOF CSV and return its path: ``ascof_file(values=None, year="2020-21")``."""

    def write(values=None, *, year="2020-21", encoding="utf-8", text=None, **kwargs) -> Path:
        path = tmp_path / f"ascof-{year}.csv"
        path.write_bytes((text or ascof_text(values, **kwargs)).encode(encoding))
        return path

    return write


@pytest.fixture
def seeded(db):
    """The shipped registry (a transactional test elsewhere may have emptied the tables)."""
    from ascassure.apps.metrics.registry import registry_seed

    registry_seed()


@pytest.fixture
def small_import(seeded, ascof_file):
    """The small ASCOF file imported for 2020-21."""
    from ascassure.apps.metrics.services import data_import_file

    path = ascof_file()
    return data_import_file(data=path.read_bytes(), file_name=path.name)
