"""The rules stay plain Python: nothing under ``ascassure.domain`` may import Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).parents[2] / "src/ascassure/domain"


def django_imports(source: str) -> list[str]:
    """Every module name starting with ``django`` that ``source`` imports, at any depth."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n == "django" or n.startswith("django.")]
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import django\n", ["django"]),
        ("from django.db import models\n", ["django.db"]),
        ("import os, django.conf as c\n", ["django.conf"]),
        ("def f():\n    from django.utils import timezone\n", ["django.utils"]),
        ("import djangorestframework_helpers\nimport holidays\n", []),
        ("from . import django\n", []),  # a sibling module named django, not the framework
    ],
)
def test_the_detector_finds_django_imports_wherever_they_are(
    source: str, expected: list[str]
) -> None:
    assert django_imports(source) == expected


def test_no_module_under_the_domain_package_imports_django() -> None:
    files = sorted(DOMAIN.rglob("*.py"))
    assert DOMAIN / "scoring.py" in files  # the walk really reaches the rules
    offenders = {
        str(path.relative_to(DOMAIN)): names
        for path in files
        if (names := django_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
