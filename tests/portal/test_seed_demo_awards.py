"""The demo results of the two prize editions (`seed_demo`, portal.demo.awards)."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.enums import Outcome
from awards.models import Decision, Deliberation, ResultNotice, ResultsPublication
from notifications.enums import MessageStatus
from notifications.models import Message
from submissions.enums import ApplicationStatus, EventKind
from submissions.models import Application, ApplicationEvent
from tests.portal.demo import seed_demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_run")]
S = ApplicationStatus
LALLA_2025, LALLA_2026 = "lalla-al-moutaaouina-2025", "lalla-al-moutaaouina-2026"


def rows():
    return {
        "deliberations": list(Deliberation.objects.order_by("pk").values()),
        "decisions": list(Decision.objects.order_by("pk").values()),
        "publications": list(ResultsPublication.objects.order_by("pk").values()),
        "notices": list(ResultNotice.objects.order_by("pk").values()),
        "messages": list(Message.objects.order_by("pk").values()),
        "statuses": list(Application.objects.order_by("pk").values_list("pk", "status")),
    }


def test_the_demo_says_where_each_edition_stands(first_run):
    assert (
        "Results: lalla-al-moutaaouina-2025 published, "
        "lalla-al-moutaaouina-2026 in deliberation." in first_run.splitlines()
    )


def test_the_2025_prize_rewards_six_cooperatives_by_prize_and_one_special_mention():
    decisions = Decision.objects.filter(application__call__slug=LALLA_2025)
    prizes = decisions.filter(outcome=Outcome.PRIZE).select_related("prize_category")

    with translation.override("fr"):
        awarded = sorted((d.prize_category.rank, d.amount_mad) for d in prizes)
    assert awarded == [
        (1, 100_000),
        (2, 70_000),
        (3, 50_000),
        (4, 30_000),
        (5, 20_000),
        (5, 20_000),
    ]
    assert decisions.filter(outcome=Outcome.SPECIAL_MENTION).count() == 1
    assert all(d.public_summary for d in decisions.exclude(outcome=Outcome.NOT_SELECTED))
    assert all(d.justification for d in decisions)


def test_the_special_mention_goes_to_the_best_ranked_cooperative_without_a_prize():
    mention = Decision.objects.get(
        application__call__slug=LALLA_2025, outcome=Outcome.SPECIAL_MENTION
    )
    minutes = Deliberation.objects.get(call__slug=LALLA_2025).minutes
    positions = {row["application"]: row["position"] for row in minutes["rows"]}
    prized = [positions[d.application_id] for d in Decision.objects.filter(outcome=Outcome.PRIZE)]

    assert not mention.follows_proposal
    unawarded = [p for p in positions.values() if p and p not in prized]
    assert positions[mention.application_id] == min(unawarded)
    assert all(row["outcome"] for row in minutes["rows"] if row["position"])


def test_the_2025_results_are_locked_and_published_on_the_day_of_cooperatives():
    deliberation = Deliberation.objects.select_related("call__publication").get(
        call__slug=LALLA_2025
    )
    publication = deliberation.call.publication

    assert (
        deliberation.locked_at < publication.published_at == deliberation.call.results_published_at
    )
    assert all(getattr(publication, f"announcement_{code}") for code in ("fr", "ar", "en"))


def test_every_2025_applicant_got_one_result_notice_sent_in_july_2025_and_nothing_is_pending():
    notices = ResultNotice.objects.filter(application__call__slug=LALLA_2025).select_related(
        "message", "application__applicant"
    )
    received = Application.objects.filter(call__slug=LALLA_2025).exclude(
        status__in=(S.DRAFT, S.WITHDRAWN)
    )

    assert notices.count() == received.count() == 20
    assert {n.message.status for n in notices} == {MessageStatus.SENT}
    assert {n.message.sent_at.year for n in notices} == {2025}
    assert all(n.message.to_email == n.application.applicant.email for n in notices)
    assert not Message.objects.filter(status=MessageStatus.PENDING).exists()


def test_the_2025_results_page_is_public_and_the_2026_one_is_not(client):
    for language in ("fr", "ar"):
        with translation.override(language):
            assert client.get(reverse("results:call", args=[LALLA_2025])).status_code == 200
    with translation.override("fr"):
        assert client.get(reverse("results:call", args=[LALLA_2026])).status_code == 404


def test_the_2026_prize_sits_in_deliberation_with_nothing_decided():
    deliberation = Deliberation.objects.get(call__slug=LALLA_2026)

    assert not deliberation.is_locked
    assert not deliberation.decisions.exists()
    assert not ResultsPublication.objects.filter(
        call__slug=LALLA_2026, published_at__isnull=False
    ).exists()


def test_the_decisions_are_in_the_applications_history():
    decided = ApplicationEvent.objects.filter(
        application__call__slug=LALLA_2025, kind=EventKind.DECISION_RECORDED
    )

    assert decided.values("application").distinct().count() == 17
    assert {event.actor.email for event in decided.select_related("actor")} == {"jury1@demo.ma"}


def test_loading_the_demo_again_changes_no_result():
    first = rows()

    seed_demo()

    assert rows() == first
