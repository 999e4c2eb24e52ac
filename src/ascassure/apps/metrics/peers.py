"""Writes for peer groups: a supplied list, a custom group, or the nearest neighbours worked out
from an uploaded table of council characteristics (the open method of
``ascassure.domain.metrics.peers``; CIPFA's licensed lists are never used)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

from django.db import transaction

from ascassure.apps.councils.models import Council
from ascassure.apps.metrics.models import (
    CharacteristicsTable,
    PeerGroup,
    PeerGroupKind,
    PeerGroupMember,
)
from ascassure.apps.metrics.services import file_kind
from ascassure.domain.metrics import PeerDataError, nearest_neighbours
from ascassure.domain.metrics._source import header_key


def _councils_by_code_or_name() -> dict[str, Council]:
    lookup: dict[str, Council] = {}
    for council in Council.objects.all():
        lookup[council.ons_code] = council
        lookup[council.name.casefold()] = council
        lookup[council.slug] = council
    return lookup


def peer_group_create(
    *,
    name: str,
    members: Iterable[str],
    council: Council | None = None,
    description: str = "",
    created_by=None,
) -> PeerGroup:
    """A supplied list of peers for ``council``, or (without a council) a custom group.

    ``members`` are ONS codes or council names; raises ``ValueError`` naming any not known.
    """
    lookup = _councils_by_code_or_name()
    found: list[Council] = []
    unknown: list[str] = []
    for text in members:
        text = text.strip()
        if not text:
            continue
        member = lookup.get(text) or lookup.get(text.casefold())
        if member is None:
            unknown.append(text)
        elif member not in found and member != council:
            found.append(member)
    if unknown:
        raise ValueError(f"not a council's ONS code or name: {', '.join(unknown)}")
    if not found:
        raise ValueError("a peer group needs at least one council")
    with transaction.atomic():
        group = PeerGroup.objects.create(
            name=name,
            kind=PeerGroupKind.LIST if council is not None else PeerGroupKind.CUSTOM,
            council=council,
            description=description,
            created_by=created_by,
        )
        PeerGroupMember.objects.bulk_create(
            PeerGroupMember(group=group, council=member, position=n)
            for n, member in enumerate(found, start=1)
        )
    return group


def _csv_text(data: bytes) -> str:
    return data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1252")


def codes_from_csv(data: bytes) -> list[str]:
    """The ONS codes in the ``area_code`` (or ``ons_code``) column of a CSV file."""
    reader = csv.reader(io.StringIO(_csv_text(data)))
    header = [header_key(cell) for cell in next(reader, [])]
    column = next((i for i, k in enumerate(header) if k in {"areacode", "onscode"}), None)
    if column is None:
        raise ValueError("the list needs an area_code column of ONS codes")
    return [row[column].strip() for row in reader if len(row) > column and row[column].strip()]


def characteristics_parse(data: bytes) -> tuple[dict[str, dict[str, float]], list[str]]:
    """A characteristics table: a CSV with ``area_code`` (or ``ons_code``) and numeric columns.

    Raises ``ValueError`` naming the line and column of anything that is not a number.
    """
    if file_kind(data) != "csv":
        raise ValueError("The characteristics table must be a CSV file")
    reader = csv.reader(io.StringIO(_csv_text(data)))
    header = [cell.strip() for cell in next(reader, [])]
    keys = [header_key(h) for h in header]
    code_column = next((i for i, k in enumerate(keys) if k in {"areacode", "onscode"}), None)
    if code_column is None:
        raise ValueError("The characteristics table needs an area_code column of ONS codes")
    features = [
        h for i, h in enumerate(header) if i != code_column and keys[i] not in {"areaname", "name"}
    ]
    if not features:
        raise ValueError("The characteristics table needs at least one numeric column")
    index = {h: header.index(h) for h in features}
    table: dict[str, dict[str, float]] = {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(row) != len(header):
            raise ValueError(f"line {line}: expected {len(header)} fields, found {len(row)}")
        values: dict[str, float] = {}
        for feature, column in index.items():
            try:
                number = float(row[column])
            except ValueError:
                raise ValueError(
                    f"line {line}, column {feature!r}: {row[column]!r} is not a number"
                ) from None
            if not math.isfinite(number):
                raise ValueError(f"line {line}, column {feature!r}: not a finite number")
            values[feature] = number
        table[row[code_column].strip()] = values
    return table, features


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def characteristics_table_create(
    *,
    name: str,
    data: bytes,
    neighbours: int = 15,
    weights: dict[str, float] | None = None,
    created_by=None,
) -> CharacteristicsTable:
    """Store a characteristics table and compute each of its councils' nearest neighbours
    (open method: ``ascassure.domain.metrics.peers``). Raises ``ValueError`` for a bad table."""
    table, features = characteristics_parse(data)
    councils = {c.ons_code: c for c in Council.objects.all()}
    known = {code: row for code, row in table.items() if code in councils}
    if len(known) < 2:
        raise ValueError("The characteristics table must describe at least two of the councils")
    results = {}
    for code in known:
        try:
            results[code] = nearest_neighbours(code, known, k=neighbours, weights=weights)
        except PeerDataError as error:
            raise ValueError(str(error)) from None
    with transaction.atomic():
        record = CharacteristicsTable.objects.create(
            name=name,
            features=features,
            weights=weights or {},
            data=table,
            neighbours=neighbours,
            created_by=created_by,
        )
        groups = PeerGroup.objects.bulk_create(
            PeerGroup(
                name=f"{name}: {neighbours} nearest neighbours",
                kind=PeerGroupKind.NEAREST,
                council=councils[code],
                table=record,
                created_by=created_by,
            )
            for code in results
        )
        members = []
        for group, (code, neighbours_found) in zip(groups, results.items(), strict=True):
            assert group.council_id == councils[code].pk
            members.extend(
                PeerGroupMember(group=group, council=councils[peer], position=n, distance=distance)
                for n, (peer, distance) in enumerate(neighbours_found, start=1)
            )
        PeerGroupMember.objects.bulk_create(members, batch_size=2000)
    return record
