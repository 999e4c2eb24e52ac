"""The demonstration world: every stage present, and every page of it opens."""

from datetime import date

import pytest

from ascassure.apps.accounts.models import BodyRole
from ascassure.apps.accounts.services import demo_people_load
from ascassure.apps.assessments.models import Assessment
from ascassure.apps.assessments.navigation import council_links_for, tabs_for
from ascassure.apps.web.demo import WORLD, demo_world_load
from ascassure.domain.lifecycle import Stage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_mode")]
TODAY = date(2026, 11, 24)


@pytest.fixture
def demo_mode(settings):
    """Demonstration accounts sign in only in demo mode."""
    settings.DEMO_MODE = True


@pytest.fixture
def world():
    demo_people_load(password="demo-password-for-tests")
    assert demo_world_load(today=TODAY, password="demo-password-for-tests") == len(WORLD)


def test_the_demo_has_an_assessment_at_every_stage_but_withdrawn(world):
    stages = set(Assessment.objects.values_list("stage", flat=True))
    assert stages == {s.value for s in Stage} - {Stage.WITHDRAWN.value}


def test_loading_the_demo_again_adds_nothing(world):
    assert demo_world_load(today=TODAY, password="x") == 0
    assert Assessment.objects.count() == len(WORLD)


def test_every_tab_of_every_demo_assessment_opens_for_the_national_lead(client, world):
    from ascassure.apps.accounts.models import User

    client.force_login(User.objects.get(body_role=BodyRole.NATIONAL_LEAD, is_demo=True))
    for assessment in Assessment.objects.all():
        for tab in tabs_for(assessment.pk, ""):
            response = client.get(tab["url"])
            assert response.status_code == 200, (assessment.stage, tab["url"])


def test_every_council_page_of_every_demo_assessment_opens_for_its_council_editor(client, world):
    from ascassure.apps.accounts.models import User

    for assessment in Assessment.objects.exclude(stage="planned").select_related("council"):
        editor = User.objects.get(username=f"dass@{assessment.council.slug}.demo.invalid")
        client.force_login(editor)
        for link in council_links_for(assessment.pk):
            response = client.get(link["url"])
            assert response.status_code == 200, (assessment.stage, link["url"])


def test_only_the_published_demo_assessment_has_a_public_result(world):
    from ascassure.apps.councils.models import PublishedResult

    wirral = Assessment.objects.get(council__name="Wirral")
    sefton = Assessment.objects.get(council__name="Sefton")
    assert (wirral.stage, sefton.stage) == ("published", "ready_to_publish")
    assert PublishedResult.objects.filter(council=wirral.council).exists()
    assert not PublishedResult.objects.filter(council=sefton.council).exists()
