"""A realistic on-site plan for a demonstration assessment.

``demo_load(assessment, people)`` sets the visit's dates (the first working Tuesday of the
expected on-site window, or 10 weeks after notification), three days of sessions, and the
questions for each session. ``people`` maps a team role (``"lead_inspector"``, ...) to a user;
the lead inspector, if given, is recorded as the author. It writes directly, whatever the
stage, so that the demo can show assessments at every stage; calling it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta

from django.db import transaction

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.onsite.models import OnsiteVisit, ParticipantRole, Question, Session
from ascassure.apps.onsite.question_bank import load_into
from ascassure.domain.calendar import ENGLAND_AND_WALES

R = ParticipantRole
# (day, start, end, kind, title, who, where: a room, "online" or "community", questions per role)
PLAN = (
    (1, "09:00", "09:45", "interview", "Welcome and set-up meeting", [R.DASS], "room", 0),
    (1, "10:00", "11:00", "interview", "Principal social worker",
     [R.PRINCIPAL_SOCIAL_WORKER], "room", 5),
    (1, "11:30", "12:30", "interview", "Director of Adult Social Services", [R.DASS], "room", 6),
    (1, "13:30", "15:00", "focus_group", "Front-line staff: assessment and review teams",
     [R.STAFF], "room", 5),
    (1, "15:30", "16:30", "drop_in", "Staff drop-in (anyone may come)", [R.STAFF], "room", 3),
    (2, "09:30", "10:30", "interview", "Lead member for adult social care",
     [R.LEAD_MEMBER], "room", 7),
    (2, "11:00", "11:45", "interview", "Opposition lead for adult social care",
     [R.OPPOSITION_LEAD], "online", 4),
    (2, "12:00", "12:45", "interview", "Chair of scrutiny", [R.SCRUTINY_CHAIR], "online", 4),
    (2, "14:00", "15:30", "focus_group", "Care providers: home care and care homes",
     [R.PROVIDERS], "room", 5),
    (2, "16:00", "17:00", "focus_group", "People who draw on care and unpaid carers",
     [R.PEOPLE_AND_CARERS], "community", 6),
    (3, "09:30", "10:30", "interview", "Chair of the health and wellbeing board",
     [R.HWB_CHAIR], "online", 4),
    (3, "11:00", "12:30", "focus_group", "Partners: NHS, integrated care board, voluntary sector",
     [R.PARTNERS], "room", 5),
    (3, "13:30", "14:30", "focus_group", "Safeguarding leads and practitioners",
     [R.STAFF, R.PARTNERS], "room", 4),
    (3, "15:00", "16:00", "interview", "Closing conversation with the director",
     [R.DASS, R.PRINCIPAL_SOCIAL_WORKER], "room", 0),
)  # fmt: skip


def _first_day(assessment: Assessment) -> date:
    window = assessment.milestones.filter(key="onsite_window").first()
    start = (
        window.date
        if window
        else (assessment.notification_date or date.today()) + timedelta(weeks=10)
    )
    day = start
    while day.weekday() != 1 or not all(  # a Tuesday with three working days from it
        ENGLAND_AND_WALES.is_working_day(day + timedelta(days=n)) for n in range(3)
    ):
        day += timedelta(days=1)
    return day


@transaction.atomic
def demo_load(assessment: Assessment, people: Mapping[str, User] | None = None) -> OnsiteVisit:
    people = people or {}
    by = people.get("lead_inspector")
    load_into(Question)
    existing = OnsiteVisit.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    first = _first_day(assessment)
    council = assessment.council.name
    visit = OnsiteVisit.objects.create(
        assessment=assessment,
        first_day=first,
        last_day=first + timedelta(days=2),
        base_location=f"{council} council offices, committee room 2",
        updated_by=by,
    )
    places = {
        "room": f"{council} council offices, meeting room {{n}}",
        "community": f"{council} community hub, main hall",
    }
    bank: dict[str, list[Question]] = {}
    for question in Question.objects.filter(active=True).order_by("role", "position", "pk"):
        bank.setdefault(question.role, []).append(question)
    for n, (day, start, end, kind, title, roles, where, asked) in enumerate(PLAN, start=1):
        online = where == "online"
        session = Session.objects.create(
            visit=visit,
            day=first + timedelta(days=day - 1),
            start_time=time.fromisoformat(start),
            end_time=time.fromisoformat(end),
            kind=kind,
            title=title,
            participant_roles=[r.value for r in roles],
            place="" if online else places[where].format(n=1 + n % 3),
            online_link=f"https://meet.example.org/onsite-{assessment.pk}-{n}" if online else "",
            notes="Notes taken by the inspector; an Expert by Experience joins."
            if kind == "focus_group"
            else "",
            updated_by=by,
        )
        chosen = [q for role in roles for q in bank.get(role.value, [])[:asked]]
        session.questions.set(chosen)
    return visit
