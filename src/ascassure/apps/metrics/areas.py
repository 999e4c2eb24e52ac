"""How the areas in published files relate to the councils the platform knows.

Plain data and small functions; the checks against the real ASCOF 2020-21 file are in
``tests/apps/metrics/test_real_file.py`` (every council-type group's numerators and
denominators equal the sum over its members under these rules).
"""

from __future__ import annotations

ENGLAND = "E92000001"

# ASCOF's region letter codes (used when a file gives no ONS code for a region).
REGION_LETTERS = {
    "NE": "E12000001",
    "NW": "E12000002",
    "YH": "E12000003",
    "EM": "E12000004",
    "WM": "E12000005",
    "E": "E12000006",
    "L": "E12000007",
    "SE": "E12000008",
    "SW": "E12000009",
}

# Inner London as NHS Digital groups it in ASCOF: the statutory Inner London boroughs (Greenwich
# in, Haringey and Newham out) and the City of London.
INNER_LONDON = frozenset(
    {
        "E09000001",  # City of London
        "E09000007",  # Camden
        "E09000011",  # Greenwich
        "E09000012",  # Hackney
        "E09000013",  # Hammersmith and Fulham
        "E09000019",  # Islington
        "E09000020",  # Kensington and Chelsea
        "E09000022",  # Lambeth
        "E09000023",  # Lewisham
        "E09000028",  # Southwark
        "E09000030",  # Tower Hamlets
        "E09000032",  # Wandsworth
        "E09000033",  # Westminster
    }
)

# Councils whose ONS code changed with no change of area: the old code's data is the council's.
# (Cumbria and Northamptonshire were split: their data belongs to no current council.)
SAME_AREA_SUCCESSORS = {
    "E10000023": "E06000065",  # North Yorkshire County Council → North Yorkshire Council, 2023
    "E10000027": "E06000066",  # Somerset County Council → Somerset Council, 2023
}

COUNCIL_TYPE_NAMES = {
    "I": "Inner London",
    "O": "Outer London",
    "M": "Metropolitan District",
    "S": "Shire Counties",
    "U": "Unitary Authority",
}


def council_type_code(ons_code: str) -> str:
    """The ASCOF council-type group of a council from the ONS code it had that year.

    The code, not the council's type today, decides: North Yorkshire (E10000023) was a shire
    county in 2020-21 and counts in that year's ``S`` group.
    """
    prefix = ons_code[:3]
    if prefix == "E10":
        return "S"
    if prefix == "E08":
        return "M"
    if prefix == "E06":
        return "U"
    if prefix == "E09":
        return "I" if ons_code in INNER_LONDON else "O"
    return ""


def level_of_code(ons_code: str) -> str:
    """``england``, ``region`` or ``council`` for an ONS (GSS) code."""
    if ons_code == ENGLAND:
        return "england"
    if ons_code.startswith("E12"):
        return "region"
    return "council"
