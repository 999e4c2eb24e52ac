"""Writes for the on-site plan: the visit's dates, its sessions and their questions.

Each function is atomic, locks the rows it changes, and refuses a change based on an older
version of the row (two people editing the same session: the second is told, not overwritten).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta

from django.db import transaction

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.services import ServiceRefusal, assessment_event_record
from ascassure.apps.onsite.models import (
    OnsiteVisit,
    ParticipantRole,
    Question,
    Session,
    SessionKind,
)
from ascassure.domain.calendar import TimelineSettings
from ascassure.domain.lifecycle import Stage

# The longest visit allowed, from the domain's timeline settings (3 to 4 days by default).
MOST_DAYS = TimelineSettings().onsite_days_max
USUAL_DAYS = TimelineSettings().onsite_days_min
# The plan can change until the visit is over.
PLAN_OPEN_STAGES = frozenset(
    {
        Stage.PLANNED,
        Stage.NOTIFIED,
        Stage.IR_OPEN,
        Stage.IR_CLOSED,
        Stage.EVIDENCE_GATHERING,
        Stage.ONSITE,
    }
)

VISIT_DAYS_REVERSED = "The last day of the visit must be on or after the first day."
VISIT_TOO_LONG = "A site visit lasts at most {most} days: choose a last day no later than {latest}."
SESSIONS_OUTSIDE = (
    "{count} session{s} would fall outside the new dates ({titles}). Move or delete {them} first."
)
PLAN_CLOSED = "The site visit is over, so its plan can no longer be changed."
NO_VISIT = "Set the dates of the visit before adding sessions."
DAY_OUTSIDE_VISIT = "Choose one of the days of the visit."
TIMES_REVERSED = "The end time must be after the start time."
NO_PLACE = "Give a place or an online link for the session."
NO_PARTICIPANTS = "Choose who the session is with."
UNKNOWN_PARTICIPANT = "Choose who the session is with from the list."
STALE_VISIT = (
    "Someone else changed the visit's dates while you were working on them. Your change was "
    "not saved: look at the latest dates and try again."
)
STALE_SESSION = (
    "Someone else changed this session while you were working on it. Your change was not "
    "saved: look at the latest version and try again."
)
SESSION_GONE = "This session has been deleted by someone else."


def long_date(day: date) -> str:
    """``Tuesday 17 March 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _check_open(assessment: Assessment) -> None:
    if Stage(assessment.stage) not in PLAN_OPEN_STAGES:
        raise ServiceRefusal(PLAN_CLOSED)


def _locked_assessment(assessment: Assessment) -> Assessment:
    """The assessment row locked for this transaction, so a stage change cannot interleave."""
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def visit_length_problems(first_day: date, last_day: date) -> list[str]:
    if last_day < first_day:
        return [VISIT_DAYS_REVERSED]
    if (last_day - first_day).days + 1 > MOST_DAYS:
        latest = first_day + timedelta(days=MOST_DAYS - 1)
        return [VISIT_TOO_LONG.format(most=MOST_DAYS, latest=long_date(latest))]
    return []


@transaction.atomic
def onsite_visit_set(
    *,
    assessment: Assessment,
    first_day: date,
    last_day: date,
    base_location: str,
    by: User,
    expected_version: int,
) -> OnsiteVisit:
    """Set (or change) the visit's dates and base. ``expected_version`` is 0 for a new visit."""
    assessment = _locked_assessment(assessment)
    _check_open(assessment)
    problems = visit_length_problems(first_day, last_day)
    if problems:
        raise ServiceRefusal(*problems)
    visit = OnsiteVisit.objects.select_for_update().filter(assessment=assessment).first()
    current_version = visit.version if visit else 0
    if current_version != expected_version:
        raise ServiceRefusal(STALE_VISIT)
    if visit is None:
        visit = OnsiteVisit(assessment=assessment, version=0)
        before = ""
    else:
        outside = list(visit.sessions.exclude(day__range=(first_day, last_day)))
        if outside:
            n = len(outside)
            raise ServiceRefusal(
                SESSIONS_OUTSIDE.format(
                    count=n,
                    s="" if n == 1 else "s",
                    titles=", ".join(s.title for s in outside[:3]) + (" …" if n > 3 else ""),
                    them="it" if n == 1 else "them",
                )
            )
        before = f" (were {visit.first_day:%d %b} to {visit.last_day:%d %b %Y})"
    visit.first_day, visit.last_day = first_day, last_day
    visit.base_location = base_location.strip()
    visit.version += 1
    visit.updated_by = by
    visit.save()
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="onsite_visit",
        summary=f"Site visit set for {first_day:%d %b} to {last_day:%d %b %Y}{before}",
    )
    return visit


def _session_problems(
    *,
    visit: OnsiteVisit,
    day: date,
    start_time: time,
    end_time: time,
    participant_roles: Sequence[str],
    place: str,
    online_link: str,
) -> list[str]:
    problems = []
    if not visit.first_day <= day <= visit.last_day:
        problems.append(DAY_OUTSIDE_VISIT)
    if end_time <= start_time:
        problems.append(TIMES_REVERSED)
    if not participant_roles:
        problems.append(NO_PARTICIPANTS)
    elif any(role not in ParticipantRole.values for role in participant_roles):
        problems.append(UNKNOWN_PARTICIPANT)
    if not place.strip() and not online_link.strip():
        problems.append(NO_PLACE)
    return problems


def _fill(
    session: Session,
    *,
    day: date,
    start_time: time,
    end_time: time,
    kind: str,
    title: str,
    participant_roles: Sequence[str],
    place: str,
    online_link: str,
    notes: str,
) -> None:
    session.day, session.start_time, session.end_time = day, start_time, end_time
    session.kind = SessionKind(kind).value
    session.title = title.strip()
    order = {role: i for i, role in enumerate(ParticipantRole.values)}
    session.participant_roles = sorted(set(participant_roles), key=order.__getitem__)
    session.place, session.online_link, session.notes = place.strip(), online_link.strip(), notes


@transaction.atomic
def session_create(
    *,
    assessment: Assessment,
    day: date,
    start_time: time,
    end_time: time,
    kind: str,
    title: str,
    participant_roles: Sequence[str],
    place: str = "",
    online_link: str = "",
    notes: str = "",
    questions: Iterable[Question] = (),
    by: User,
) -> Session:
    assessment = _locked_assessment(assessment)
    _check_open(assessment)
    visit = OnsiteVisit.objects.select_for_update().filter(assessment=assessment).first()
    if visit is None:
        raise ServiceRefusal(NO_VISIT)
    problems = _session_problems(
        visit=visit,
        day=day,
        start_time=start_time,
        end_time=end_time,
        participant_roles=participant_roles,
        place=place,
        online_link=online_link,
    )
    if problems:
        raise ServiceRefusal(*problems)
    session = Session(visit=visit, updated_by=by)
    _fill(
        session,
        day=day,
        start_time=start_time,
        end_time=end_time,
        kind=kind,
        title=title,
        participant_roles=participant_roles,
        place=place,
        online_link=online_link,
        notes=notes,
    )
    session.save()
    session.questions.set(list(questions))
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="onsite_session",
        summary=f"Session added: {session.title}, {day:%a %d %b} {start_time:%H:%M}",
    )
    return session


def _locked_session(session: Session, expected_version: int) -> Session:
    current = Session.objects.select_for_update().filter(pk=session.pk).first()
    if current is None:
        raise ServiceRefusal(SESSION_GONE)
    if current.version != expected_version:
        raise ServiceRefusal(STALE_SESSION)
    return current


@transaction.atomic
def session_update(
    *,
    session: Session,
    day: date,
    start_time: time,
    end_time: time,
    kind: str,
    title: str,
    participant_roles: Sequence[str],
    place: str = "",
    online_link: str = "",
    notes: str = "",
    by: User,
    expected_version: int,
) -> Session:
    assessment = _locked_assessment(session.visit.assessment)
    _check_open(assessment)
    session = _locked_session(session, expected_version)
    problems = _session_problems(
        visit=session.visit,
        day=day,
        start_time=start_time,
        end_time=end_time,
        participant_roles=participant_roles,
        place=place,
        online_link=online_link,
    )
    if problems:
        raise ServiceRefusal(*problems)
    _fill(
        session,
        day=day,
        start_time=start_time,
        end_time=end_time,
        kind=kind,
        title=title,
        participant_roles=participant_roles,
        place=place,
        online_link=online_link,
        notes=notes,
    )
    session.version += 1
    session.updated_by = by
    session.save()
    assessment_event_record(
        assessment=assessment,
        actor=by,
        kind="onsite_session",
        summary=f"Session changed: {session.title}, {day:%a %d %b} {start_time:%H:%M}",
    )
    return session


@transaction.atomic
def session_questions_set(
    *, session: Session, questions: Iterable[Question], by: User, expected_version: int
) -> Session:
    assessment = _locked_assessment(session.visit.assessment)
    _check_open(assessment)
    session = _locked_session(session, expected_version)
    session.questions.set(list(questions))
    session.version += 1
    session.updated_by = by
    session.save(update_fields=["version", "updated_by", "updated_at"])
    return session


@transaction.atomic
def session_delete(*, session: Session, by: User, expected_version: int) -> None:
    assessment = _locked_assessment(session.visit.assessment)
    _check_open(assessment)
    session = _locked_session(session, expected_version)
    summary = f"Session deleted: {session.title}, {session.day:%a %d %b} {session.start_time:%H:%M}"
    session.delete()
    assessment_event_record(assessment=assessment, actor=by, kind="onsite_session", summary=summary)


def question_bank_load() -> int:
    """Add the product's questions that are not in the database yet (admin edits are kept)."""
    from ascassure.apps.onsite.question_bank import load_into

    with transaction.atomic():
        return load_into(Question)
