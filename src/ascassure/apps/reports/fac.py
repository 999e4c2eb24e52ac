"""Writes for the factual accuracy check (FAC): send the draft, the council's comments,
confirmation and extension request, and the team's decisions. Each is atomic.

The council has 10 working days from the date of the e-mail (England and Wales bank holidays
excluded), computed by :func:`ascassure.domain.calendar.fac_deadline`; an extension needs a
reason and a recorded decision. Sending never moves the assessment's stage: that is the
core's stage step (``send_draft``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ascassure.apps.accounts.models import User
from ascassure.apps.assessments.services import ServiceRefusal, assessment_event_record
from ascassure.apps.reports import selectors, storage
from ascassure.apps.reports.models import FacComment, FacCommentFile, FacRound, Report
from ascassure.domain.calendar import TimelineSettings, fac_deadline
from ascassure.domain.lifecycle import NOT_POSSIBLE_AT_THIS_STAGE, Stage
from ascassure.domain.reports import (
    CommentDecision,
    CommentKind,
    ExtensionDecision,
    long_date,
    section_choices,
)
from ascassure.files import UploadRefused, clean_filename, sha256, sniff_upload

FAC_WORKING_DAYS = TimelineSettings().fac_working_days
EXTENSION_MAX_WORKING_DAYS = 10

ALREADY_SENT = "The draft was sent to the council already."
SENT_IN_FUTURE = "The date of the e-mail cannot be in the future."
CHECK_CLOSED = "The factual accuracy check is over: comments can no longer be added."
CONFIRMED_ALREADY = "The council has confirmed there are no inaccuracies already."
UNKNOWN_SECTION = "Choose the section of the report the comment is about."
UNKNOWN_KIND = "Choose the kind of comment."
COMMENT_MISSING = "Say what is inaccurate or missing."
CHANGE_MISSING = "Say what the report should say instead."
EXTENSION_ASKED = "An extension was asked for already."
EXTENSION_NEEDS_REASON = "Give the exceptional circumstances that make an extension necessary."
EXTENSION_DAYS = "Ask for between 1 and {most} more working days."
NO_EXTENSION_PENDING = "There is no extension request waiting for a decision."
DECISION_NEEDS_REASON = "Give the reason for the decision."
UNKNOWN_DECISION = "Choose a decision."
STALE_COMMENT = (
    "Someone else answered this comment while you were working on it. Your answer was not "
    "saved: look at the latest answer and try again."
)
STALE_ROUND = (
    "Someone else changed the factual accuracy check while you were working on it. Nothing "
    "was saved: look at it again and try again."
)
COMMENT_AFTER_PUBLICATION = "The report is published: comments can no longer be answered."
TOO_MANY_FILES = "A comment can have at most {most} supporting files."
MAX_FILES = 10


class FileRefused(ServiceRefusal):
    """A supporting file was not accepted (the message names the file)."""


def _record(report: Report, by: User | None, kind: str, summary: str, reason: str = "") -> None:
    assessment_event_record(
        assessment=report.assessment, actor=by, kind=kind, summary=summary, reason=reason
    )


def _locked_round(fac_round: FacRound) -> FacRound:
    return (
        FacRound.objects.select_for_update()
        .select_related("report__assessment", "version")
        .get(pk=fac_round.pk)
    )


def _bump(fac_round: FacRound) -> None:
    fac_round.version_stamp += 1


def _refuse_unless_open(fac_round: FacRound, today: date) -> None:
    if fac_round.confirmed:
        raise ServiceRefusal(CONFIRMED_ALREADY)
    if today > fac_round.deadline_in_force:
        raise ServiceRefusal(CHECK_CLOSED)


@transaction.atomic
def fac_send(*, report: Report, sent_on: date, by: User | None, today: date) -> FacRound:
    """Record that the latest version went to the council by e-mail on ``sent_on``: the
    council sees that version from now on, and the clock runs from that date."""
    report = Report.objects.select_for_update().select_related("assessment").get(pk=report.pk)
    if Stage(report.assessment.stage) not in selectors.SEND_STAGES:
        raise ServiceRefusal(NOT_POSSIBLE_AT_THIS_STAGE)
    if report.fac_rounds.exists():
        raise ServiceRefusal(ALREADY_SENT)
    if sent_on > today:
        raise ServiceRefusal(SENT_IN_FUTURE)
    version = report.versions.order_by("-number").first()
    if version is None:
        raise ServiceRefusal("Generate the draft report first.")
    deadline = fac_deadline(sent_on, working_days=FAC_WORKING_DAYS)
    fac_round = FacRound.objects.create(
        report=report,
        version=version,
        sent_on=sent_on,
        working_days=FAC_WORKING_DAYS,
        deadline=deadline,
        sent_by=by,
        sent_at=timezone.now(),
    )
    _record(
        report,
        by,
        "fac_sent",
        f"Draft report (version {version.number}) sent for the factual accuracy check on "
        f"{long_date(sent_on)}; comments close at the end of {long_date(deadline)}",
    )
    return fac_round


def _store_files(
    comment: FacComment, uploads: Sequence[UploadedFile], by: User | None, stored: list[str]
) -> None:
    """Check every file's content, then write it; ``stored`` collects names to remove on
    failure."""
    if comment.files.count() + len(uploads) > MAX_FILES:
        raise FileRefused(TOO_MANY_FILES.format(most=MAX_FILES))
    for upload in uploads:
        data = upload.read()
        try:
            detected = sniff_upload(data, upload.name or "")
        except UploadRefused as refusal:
            name = clean_filename(upload.name or "")
            raise FileRefused(f"{name}: {refusal.message}") from None
        name = storage.new_name(comment.fac_round.report.assessment_id, "fac", detected.kind.value)
        storage.write(name, data)
        stored.append(name)
        FacCommentFile.objects.create(
            comment=comment,
            original_name=clean_filename(upload.name or ""),
            stored_name=name,
            kind=detected.kind.value,
            size=len(data),
            sha256=sha256(data),
            uploaded_by=by,
            uploaded_at=timezone.now(),
        )


def _with_files_cleanup(work):
    """Run ``work(stored)`` in a transaction; files it wrote go if the transaction fails."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            return work(stored)
    except BaseException:
        for name in stored:
            storage.remove(name)
        raise


def fac_comment_add(
    *,
    fac_round: FacRound,
    section_key: str,
    kind: str,
    comment: str,
    proposed_change: str,
    files: Sequence[UploadedFile] = (),
    by: User | None,
    today: date,
) -> FacComment:
    """The council's comment on one section of the draft it was sent, with its files."""

    def work(stored: list[str]) -> FacComment:
        locked = _locked_round(fac_round)
        _refuse_unless_open(locked, today)
        sections = dict(section_choices(locked.version.document))
        reasons = []
        if section_key not in sections:
            reasons.append(UNKNOWN_SECTION)
        if kind not in {k.value for k in CommentKind}:
            reasons.append(UNKNOWN_KIND)
        if not comment.strip():
            reasons.append(COMMENT_MISSING)
        if not proposed_change.strip():
            reasons.append(CHANGE_MISSING)
        if reasons:
            raise ServiceRefusal(*reasons)
        last = locked.comments.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
        created = FacComment.objects.create(
            fac_round=locked,
            number=number,
            section_key=section_key,
            section_title=sections[section_key],
            kind=kind,
            comment=comment.strip(),
            proposed_change=proposed_change.strip(),
            created_by=by,
            created_at=timezone.now(),
        )
        _store_files(created, files, by, stored)
        _bump(locked)
        locked.save(update_fields=["version_stamp"])
        _record(
            locked.report,
            by,
            "fac_comment",
            f"Factual accuracy comment {number} on {sections[section_key]} "
            f"({CommentKind(kind).label.lower()})",
        )
        return created

    return _with_files_cleanup(work)


def fac_comment_files_add(
    *, comment: FacComment, files: Sequence[UploadedFile], by: User | None, today: date
) -> FacComment:
    """More supporting files for a comment, while the check is open."""

    def work(stored: list[str]) -> FacComment:
        locked = _locked_round(comment.fac_round)
        _refuse_unless_open(locked, today)
        target = FacComment.objects.select_related("fac_round__report").get(pk=comment.pk)
        _store_files(target, files, by, stored)
        _record(locked.report, by, "fac_file", f"Files added to comment {target.number}")
        return target

    return _with_files_cleanup(work)


@transaction.atomic
def fac_confirm_no_inaccuracies(*, fac_round: FacRound, by: User | None, today: date) -> FacRound:
    """The council confirms there are no (further) inaccuracies: its side of the check ends,
    which allows publication before the deadline."""
    locked = _locked_round(fac_round)
    _refuse_unless_open(locked, today)
    locked.confirmed_no_inaccuracies_at = timezone.now()
    locked.confirmed_no_inaccuracies_by = by
    _bump(locked)
    locked.save(
        update_fields=[
            "confirmed_no_inaccuracies_at",
            "confirmed_no_inaccuracies_by",
            "version_stamp",
        ]
    )
    _record(locked.report, by, "fac_confirmed", "The council confirmed there are no inaccuracies")
    return locked


@transaction.atomic
def fac_extension_request(
    *, fac_round: FacRound, reason: str, working_days: int, by: User | None, today: date
) -> FacRound:
    """The council asks, in writing and at once, for more time (exceptional circumstances)."""
    locked = _locked_round(fac_round)
    _refuse_unless_open(locked, today)
    if locked.extension_reason:
        raise ServiceRefusal(EXTENSION_ASKED)
    reasons = []
    if not reason.strip():
        reasons.append(EXTENSION_NEEDS_REASON)
    if not 1 <= working_days <= EXTENSION_MAX_WORKING_DAYS:
        reasons.append(EXTENSION_DAYS.format(most=EXTENSION_MAX_WORKING_DAYS))
    if reasons:
        raise ServiceRefusal(*reasons)
    locked.extension_reason = reason.strip()
    locked.extension_working_days = working_days
    locked.extension_requested_by = by
    locked.extension_requested_at = timezone.now()
    _bump(locked)
    locked.save()
    _record(
        locked.report,
        by,
        "fac_extension_requested",
        f"The council asked for {working_days} more working day{'s' * (working_days != 1)}",
        reason.strip(),
    )
    return locked


@transaction.atomic
def fac_extension_decide(
    *,
    fac_round: FacRound,
    decision: str,
    reason: str,
    working_days: int | None,
    by: User | None,
    expected_version: int,
) -> FacRound:
    """Grant or refuse the extension, with the reason; a grant moves the deadline on by
    ``working_days`` working days after the original one."""
    locked = _locked_round(fac_round)
    if locked.version_stamp != expected_version:
        raise ServiceRefusal(STALE_ROUND)
    if not locked.extension_pending:
        raise ServiceRefusal(NO_EXTENSION_PENDING)
    reasons = []
    try:
        chosen = ExtensionDecision(decision)
    except ValueError:
        chosen = None
        reasons.append(UNKNOWN_DECISION)
    if not reason.strip():
        reasons.append(DECISION_NEEDS_REASON)
    days = working_days if working_days is not None else locked.extension_working_days or 0
    if chosen is ExtensionDecision.GRANTED and not 1 <= days <= EXTENSION_MAX_WORKING_DAYS:
        reasons.append(EXTENSION_DAYS.format(most=EXTENSION_MAX_WORKING_DAYS))
    if reasons or chosen is None:
        raise ServiceRefusal(*reasons)
    locked.extension_decision = chosen.value
    locked.extension_decision_reason = reason.strip()
    locked.extension_decided_by = by
    locked.extension_decided_at = timezone.now()
    summary = "Extension refused"
    if chosen is ExtensionDecision.GRANTED:
        locked.extension_working_days = days
        locked.extended_deadline = fac_deadline(locked.deadline, working_days=days)
        summary = (
            "Extension granted: comments now close at the end of "
            f"{long_date(locked.extended_deadline)}"
        )
    _bump(locked)
    locked.save()
    _record(locked.report, by, "fac_extension_decided", summary, reason.strip())
    return locked


@transaction.atomic
def fac_comment_decide(
    *,
    comment: FacComment,
    decision: str,
    reason: str,
    by: User | None,
    expected_version: int,
) -> FacComment:
    """The team's answer to one comment: accepted, partly accepted or not accepted, and why
    (always for a partial or a refusal). A later answer replaces it knowingly, never silently."""
    locked = (
        FacComment.objects.select_for_update()
        .select_related("fac_round__report__assessment")
        .get(pk=comment.pk)
    )
    if locked.version != expected_version:
        raise ServiceRefusal(STALE_COMMENT)
    report = locked.fac_round.report
    if selectors.is_published(report=report):
        raise ServiceRefusal(COMMENT_AFTER_PUBLICATION)
    try:
        chosen = CommentDecision(decision)
    except ValueError:
        raise ServiceRefusal(UNKNOWN_DECISION) from None
    if chosen.needs_reason and not reason.strip():
        raise ServiceRefusal(DECISION_NEEDS_REASON)
    locked.decision = chosen.value
    locked.decision_reason = reason.strip()
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.version += 1
    locked.save()
    _record(
        report,
        by,
        "fac_decision",
        f"Factual accuracy comment {locked.number}: {chosen.label.lower()}",
        reason.strip(),
    )
    return locked
