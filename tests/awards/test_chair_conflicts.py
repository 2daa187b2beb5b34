"""A chair bound by a conflict of interest with an application deliberates on the others
only: that application's decision is the organizers', and its jurors' scores are not the
chair's to read, as while scoring."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from awards.enums import Outcome
from awards.models import Decision
from awards.services.deliberation import (
    DeliberationError,
    decision_record,
    deliberation_of,
    proposal_accept,
)
from juries.services.evaluation import conflict_declare
from tests.awards.conftest import WHY

pytestmark = pytest.mark.django_db


def chair_url(name, call, *args):
    return reverse(f"deliberation_chair:{name}", args=[call.slug, *args])


@pytest.fixture
def conflicted(scene):
    """The chair declared a conflict with B, which she had scored."""
    conflict_declare(actor=scene.chair.user, application=scene.applications[1])
    return scene.applications[1]


def test_the_chair_cannot_decide_on_an_application_she_has_a_conflict_with(scene, conflicted):
    deliberation = deliberation_of(scene.call)
    with pytest.raises(DeliberationError, match=conflicted.reference):
        decision_record(
            deliberation=deliberation,
            application=conflicted,
            outcome=Outcome.NOT_SELECTED,
            justification=WHY,
            actor=scene.chair.user,
        )
    assert not Decision.objects.exists()

    decision_record(
        deliberation=deliberation,
        application=conflicted,
        outcome=Outcome.NOT_SELECTED,
        justification=WHY,
        actor=scene.organizer,
    )
    assert Decision.objects.get().decided_by == scene.organizer


def test_the_chairs_proposal_passes_over_her_conflicts(scene, conflicted):
    deliberation = deliberation_of(scene.call)

    proposal_accept(deliberation=deliberation, justification=WHY, actor=scene.chair.user)

    decided = set(Decision.objects.values_list("application_id", flat=True))
    assert decided == {a.pk for a in scene.applications} - {conflicted.pk}

    proposal_accept(deliberation=deliberation, justification=WHY, actor=scene.organizer)
    second = Decision.objects.get(application=conflicted)
    assert (second.outcome, second.prize_category) == (Outcome.PRIZE, scene.prizes[1])


def test_the_chairs_page_hides_the_scores_and_the_decision_of_her_conflicts(
    client, scene, conflicted
):
    client.force_login(scene.chair.user)

    page = client.get(chair_url("deliberation", scene.call)).text
    row = page.split(f'id="application-{conflicted.pk}"')[1].split("</tr>")[0]
    other = page.split(f'id="application-{scene.applications[0].pk}"')[1]

    assert gettext("your conflict of interest: the organizers decide") in unescape(row)
    assert 'class="scores"' not in row
    assert chair_url("decision", scene.call, conflicted.pk) not in page
    assert 'class="scores"' in other
    assert chair_url("decision", scene.call, scene.applications[0].pk) in page
    assert client.get(chair_url("decision", scene.call, conflicted.pk)).status_code == 404
    response = client.post(
        chair_url("decision", scene.call, conflicted.pk),
        {"outcome": "not_selected", "justification": WHY},
    )
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_the_organizers_page_is_not_affected_by_the_chairs_conflicts(client, scene, conflicted):
    client.force_login(scene.organizer)
    manage = reverse("awards_manage:decision", args=[scene.call.slug, conflicted.pk])

    assert manage in client.get(reverse("awards_manage:deliberation", args=[scene.call.slug])).text
    assert client.get(manage).status_code == 200
