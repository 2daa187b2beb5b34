"""A special mention is not a winner: the results count the prize winners alone."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.selectors import call_results
from tests.awards.factories import decided_call, publish
from tests.awards.test_results_page import text_of

pytestmark = pytest.mark.django_db


def test_the_results_count_prize_winners_and_special_mentions_apart(client):
    decided = decided_call(mentions=1)
    publish(decided.call)

    results = call_results(decided.call)
    with translation.override("en"):
        response = client.get(reverse("results:call", kwargs={"slug": decided.call.slug}))

    assert [laureate.reference for laureate in results.winners] == [
        decided.first.reference,
        decided.second.reference,
    ]
    text = text_of(response)
    assert "Winners 2 " in text
    assert "Special mentions 1 " in text
    assert "Laureates 3" not in text
