import pytest

from ascassure.apps.onsite.models import ParticipantRole, Question
from ascassure.apps.onsite.question_bank import (
    ROLES,
    QuestionBankError,
    load_into,
    read_question_bank,
)
from ascassure.apps.onsite.services import question_bank_load


def test_the_shipped_bank_has_at_least_six_questions_for_every_kind_of_participant():
    bank = read_question_bank()
    for role in ParticipantRole.values:
        assert sum(1 for q in bank if q.role == role) >= 6, role


def test_the_lead_member_is_asked_about_priorities_assurance_challenge_and_money():
    texts = " ".join(q.text for q in read_question_bank() if q.role == "lead_member")
    for words in ("priorities", "assure yourself", "challenged officers", "budget"):
        assert words in texts


def test_the_loaders_role_list_matches_the_models_choices():
    assert tuple(ParticipantRole.values) == ROLES


@pytest.mark.django_db
def test_reloading_the_bank_adds_nothing_and_keeps_an_edit_made_in_the_admin():
    question_bank_load()
    count = Question.objects.count()
    edited = Question.objects.get(key="lead-member-priorities")
    edited.text = "Our own wording."
    edited.save()
    assert question_bank_load() == 0
    assert Question.objects.count() == count == len(read_question_bank())
    edited.refresh_from_db()
    assert edited.text == "Our own wording."


def test_a_file_with_an_unknown_role_is_refused_with_the_place_named(tmp_path):
    bad = tmp_path / "questions.toml"
    bad.write_text('[[questions]]\nkey = "x"\nrole = "mayor"\nqs = ["QS8"]\ntext = "Why?"\n')
    with pytest.raises(QuestionBankError, match=r"questions\[0\]\.role 'mayor' is not one of"):
        read_question_bank(bad)


def test_a_file_naming_an_unknown_quality_statement_is_refused(tmp_path):
    bad = tmp_path / "questions.toml"
    bad.write_text('[[questions]]\nkey = "x"\nrole = "staff"\nqs = ["QS10"]\ntext = "Why?"\n')
    with pytest.raises(QuestionBankError, match="unknown quality statements"):
        read_question_bank(bad)


def test_a_file_with_a_key_used_twice_is_refused(tmp_path):
    bad = tmp_path / "questions.toml"
    one = 'role = "staff"\nqs = []\ntext = "Why?"\n'
    bad.write_text(f'[[questions]]\nkey = "x"\n{one}[[questions]]\nkey = "x"\n{one}')
    with pytest.raises(QuestionBankError, match="used twice"):
        load_into(Question, bad)
