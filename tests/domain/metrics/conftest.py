"""Shared fixture override for the metrics domain tests: they are pure Python, with no Django."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Overrides the project-wide cache fixture, which needs Django settings."""
    yield
