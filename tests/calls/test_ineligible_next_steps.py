"""An "ineligible" result says what the applicant can do next, with links; the "am I
eligible?" page keeps its headings in order, with or without htmx."""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.enums import LegalForm
from submissions import services as submissions
from submissions.enums import ApplicationStatus
from tests.calls.test_views_public import answers, at_now, url, women_coop_call  # noqa: F401
from tests.factories import CallFactory, OrganizationFactory, OrganizerFactory

pytestmark = pytest.mark.django_db


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def skips_a_level(levels: list[int]) -> bool:
    return any(later > earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))


def next_step_links(call) -> list[str]:
    with translation.override("en"):
        return [
            f'href="{reverse("calls:detail", args=[call.slug])}#call-eligibility"',
            f'href="{reverse("accounts:organization")}"',
            f'href="{reverse("calls:list")}?status=open"',
            'href="mailto:contact@coop-lab.ma"',
        ]


@pytest.fixture
def checked_call(women_coop_call):  # noqa: F811
    women_coop_call.organizers.add(OrganizerFactory(email="contact@coop-lab.ma"))
    return women_coop_call


def not_eligible(call):
    return answers(call, legal_form=LegalForm.ASSOCIATION)


@pytest.mark.parametrize("htmx", [False, True], ids=["full-page", "htmx"])
def test_the_check_pages_result_follows_the_pages_headings_in_order(
    client,
    at_now,  # noqa: F811
    checked_call,
    htmx,
):
    check_url = url("calls:eligibility_check", slug=checked_call.slug)
    page = client.get(check_url).text
    headers = {"HX-Request": "true"} if htmx else {}

    result = client.post(check_url, not_eligible(checked_call), headers=headers).text

    before_result = page.split('id="eligibility-result"')[0]
    levels = heading_levels(before_result) + heading_levels(
        result.split('id="eligibility-result"')[-1]
    )
    assert levels[0] == 1
    assert not skips_a_level(levels), levels


def test_the_call_pages_check_result_follows_its_headings_in_order(
    client,
    at_now,  # noqa: F811
    checked_call,
):
    page = client.get(url("calls:detail", slug=checked_call.slug)).text
    fragment = client.post(
        url("calls:eligibility_check", slug=checked_call.slug),
        not_eligible(checked_call),
        headers={"HX-Request": "true"},
    ).text

    levels = heading_levels(page.split('id="eligibility-result"')[0]) + heading_levels(fragment)
    assert not skips_a_level(levels), levels


def test_an_ineligible_check_says_what_to_do_next(client, at_now, checked_call):  # noqa: F811
    response = client.post(
        url("calls:eligibility_check", slug=checked_call.slug), not_eligible(checked_call)
    )

    result = response.text.split('id="eligibility-result"')[1]
    assert "What you can do" in result
    for link in next_step_links(checked_call):
        assert link in result


def test_an_eligible_check_offers_no_such_steps(client, at_now, checked_call):  # noqa: F811
    response = client.post(
        url("calls:eligibility_check", slug=checked_call.slug), answers(checked_call)
    )

    assert "What you can do" not in response.text


def test_the_wizards_eligibility_step_says_what_to_do_next(checked_call):
    verdict = SimpleNamespace(eligible=False, failed=[object()], results=[])
    request = RequestFactory().get("/")
    request.user = OrganizationFactory().owner

    with translation.override("en"):
        html = render_to_string(
            "submissions/includes/verdict.html",
            {"verdict": verdict, "call": checked_call},
            request=request,
        )

    assert "What you can do" in html
    for link in next_step_links(checked_call):
        assert link in html
    assert not skips_a_level([2, *heading_levels(html)])


def test_an_application_screened_not_eligible_says_what_to_do_next(client):
    call = CallFactory()
    call.organizers.add(OrganizerFactory(email="contact@coop-lab.ma"))
    applicant = OrganizationFactory().owner
    draft = submissions.application_start(call=call, applicant=applicant)
    application = submissions.application_submit(application=draft, actor=applicant, answers={})
    submissions.application_transition(
        application=application, to=ApplicationStatus.INELIGIBLE, actor=None
    )
    client.force_login(applicant)

    with translation.override("en"):
        page = client.get(reverse("me:application", kwargs={"pk": application.pk})).text

    assert "What you can do" in page
    for link in next_step_links(call):
        assert link in page
    assert not skips_a_level(heading_levels(page))
