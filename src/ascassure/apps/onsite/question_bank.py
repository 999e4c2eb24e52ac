"""The question bank shipped with the product: read, checked, and loaded into the database.

The data file is ``data/questions.toml``. Loading adds the questions whose key is not in the
database yet and leaves every other question alone, so edits made in the admin survive a
reload. The loader takes the model class so that a data migration can pass its historical one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ascassure.domain.framework import load_framework

DATA_FILE = Path(__file__).resolve().parent / "data" / "questions.toml"
# ParticipantRole values, repeated here so that migrations need not import the models.
ROLES = (
    "dass",
    "principal_social_worker",
    "lead_member",
    "opposition_lead",
    "hwb_chair",
    "scrutiny_chair",
    "staff",
    "partners",
    "providers",
    "people_and_carers",
)


class QuestionBankError(ValueError):
    """The data file is malformed; the message names the question and the field."""


@dataclass(frozen=True, slots=True)
class BankQuestion:
    key: str
    role: str
    text: str
    qs_codes: tuple[str, ...]
    position: int


def read_question_bank(path: Path = DATA_FILE) -> tuple[BankQuestion, ...]:
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    known_qs = set(load_framework().qs_codes)
    seen: set[str] = set()
    per_role: dict[str, int] = {}
    out: list[BankQuestion] = []
    for i, item in enumerate(data.get("questions", [])):
        where = f"{path.name}: questions[{i}]"
        key, role, text = item.get("key"), item.get("role"), item.get("text")
        if not isinstance(key, str) or not key.strip():
            raise QuestionBankError(f"{where}.key must be non-empty text")
        if key in seen:
            raise QuestionBankError(f"{where}.key {key!r} is used twice")
        if role not in ROLES:
            raise QuestionBankError(f"{where}.role {role!r} is not one of: {', '.join(ROLES)}")
        if not isinstance(text, str) or not text.strip():
            raise QuestionBankError(f"{where}.text must be non-empty text")
        qs = item.get("qs", [])
        unknown = [code for code in qs if code not in known_qs]
        if unknown:
            raise QuestionBankError(f"{where}.qs names unknown quality statements {unknown}")
        seen.add(key)
        per_role[role] = per_role.get(role, 0) + 1
        out.append(
            BankQuestion(
                key=key,
                role=role,
                text=" ".join(text.split()),
                qs_codes=tuple(qs),
                position=per_role[role],
            )
        )
    return tuple(out)


def load_into(question_model: Any, path: Path = DATA_FILE) -> int:
    """Create the questions whose key is new; return how many were created."""
    bank = read_question_bank(path)  # checked before anything is written
    existing = set(question_model.objects.exclude(key=None).values_list("key", flat=True))
    new = [
        question_model(
            key=q.key, role=q.role, text=q.text, qs_codes=list(q.qs_codes), position=q.position
        )
        for q in bank
        if q.key not in existing
    ]
    question_model.objects.bulk_create(new)
    return len(new)
