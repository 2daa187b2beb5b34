"""Publishing a call is its own action: a page says what it does, a POST does it, a
message says it is done. The settings form no longer publishes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from calls import services
from calls.models import Call
from tests.factories import CallFactory, OrganizationFactory, OrganizerFactory

pytestmark = pytest.mark.django_db

MOROCCO = ZoneInfo("Africa/Casablanca")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def unpublished(organizer):
    opens = datetime.datetime(2027, 1, 15, 9, 0, tzinfo=MOROCCO)
    return CallFactory(
        organizers=[organizer],
        is_published=False,
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=59),
    )


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_settings_form_does_not_publish(client, organizer, unpublished):
    client.force_login(organizer)
    edit = reverse("manage:call_edit", args=[unpublished.slug])

    page = client.get(edit)
    data = {
        "kind": unpublished.kind,
        "slug": unpublished.slug,
        "reference_prefix": "TST",
        "title_fr": "Prix 2027",
        "opens_at": "2027-01-15T09:00",
        "closes_at": "2027-03-15T23:59",
        "max_applications_per_organization": "1",
        "attachment_max_mb": "10",
        "is_published": "on",
    }
    saved = client.post(edit, data)

    assert "is_published" not in page.context["form"].fields
    assert saved.status_code == 302
    unpublished.refresh_from_db()
    assert unpublished.title_fr == "Prix 2027"
    assert unpublished.is_published is False


def test_the_overview_offers_to_publish(client, organizer, unpublished):
    client.force_login(organizer)

    page = client.get(reverse("manage:call", args=[unpublished.slug])).text

    assert reverse("manage:call_publish", args=[unpublished.slug]) in page


def test_the_publish_page_says_what_publishing_does_and_changes_nothing(
    client, organizer, unpublished
):
    client.force_login(organizer)

    response = client.get(reverse("manage:call_publish", args=[unpublished.slug]))

    page = response.text
    assert response.status_code == 200
    assert "Applicants will see it on the list of calls" in page
    assert "Jan. 15, 2027, 9 a.m." in page
    assert '<form method="post"' in page
    unpublished.refresh_from_db()
    assert unpublished.is_published is False


def test_publishing_publishes_and_says_so(client, organizer, unpublished):
    client.force_login(organizer)

    response = client.post(reverse("manage:call_publish", args=[unpublished.slug]))

    assert response.status_code == 302
    assert response.url == reverse("manage:call", args=[unpublished.slug])
    assert flashed(response) == ["The call is published."]
    unpublished.refresh_from_db()
    assert unpublished.is_published is True


def test_unpublishing_is_confirmed_then_done(client, organizer, organizer_call):
    client.force_login(organizer)
    url = reverse("manage:call_unpublish", args=[organizer_call.slug])

    confirm = client.get(url)
    organizer_call.refresh_from_db()
    assert organizer_call.is_published is True
    assert "Only the call's organizers will see it" in confirm.text

    response = client.post(url)

    assert flashed(response) == ["The call is unpublished: only its organizers see it."]
    organizer_call.refresh_from_db()
    assert organizer_call.is_published is False


def test_publishing_twice_changes_nothing_more(organizer, organizer_call):
    assert services.call_publication_set(call=organizer_call, actor=organizer, published=True) is (
        False
    )
    assert Call.objects.get(pk=organizer_call.pk).is_published is True


@pytest.mark.parametrize("name", ["manage:call_publish", "manage:call_unpublish"])
def test_another_organizers_call_is_a_404_and_an_applicant_is_refused(client, unpublished, name):
    client.force_login(OrganizerFactory())
    assert client.post(reverse(name, args=[unpublished.slug])).status_code == 404

    client.force_login(OrganizationFactory().owner)
    assert client.post(reverse(name, args=[unpublished.slug])).status_code == 403

    unpublished.refresh_from_db()
    assert unpublished.is_published is False


def test_only_the_calls_organizers_publish_it(unpublished):
    with pytest.raises(PermissionDenied):
        services.call_publication_set(call=unpublished, actor=OrganizerFactory(), published=True)
