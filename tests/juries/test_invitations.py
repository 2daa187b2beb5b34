"""The invitation link (/<lang>/jury/invitations/<token>/): a new juror signs up through it,
an existing one logs in, both come back to accept; a wrong account is refused clearly;
the link works once."""

import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import translation

from juries.enums import MemberRole
from juries.models import JurorProfile, JuryInvitation, JuryMember
from juries.services import panel as services
from notifications.models import Message
from tests.factories import PASSWORD, JurorFactory, UserFactory
from tests.juries.panel_fixtures import build_panel, link_in

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Nadia Bennani",
    "password1": "Safran-Taliouine-2026",
    "password2": "Safran-Taliouine-2026",
    "privacy_consent": "on",
}


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def invitation_url(invitation, language="en"):
    return url("jury_invitations:respond", language, token=invitation.token)


@pytest.fixture
def panel():
    return build_panel(applications=0, jurors=0)


def invite(panel, email, **kwargs):
    return services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email=email, language="en", **kwargs
    )


def test_a_new_juror_signs_up_through_the_link_confirms_logs_in_and_accepts(client, panel):
    invitation = invite(panel, "nadia@univ.ma", role=MemberRole.CHAIR, max_assignments=9)
    link = link_in(Message.objects.get(template="juries/email/invitation"))
    assert link.endswith(invitation_url(invitation))

    landing = client.get(invitation_url(invitation))
    assert landing.status_code == 200
    page = landing.content.decode()
    assert "nadia@univ.ma" in page
    signup_url = landing.context["signup_url"]
    assert parse_qs(urlparse(signup_url).query)["next"] == [invitation_url(invitation)]
    assert signup_url in page.replace("&amp;", "&")

    client.post(signup_url, {**SIGNUP, "email": "nadia@univ.ma"})
    confirmation = Message.objects.filter(to_email="nadia@univ.ma").exclude(
        template="juries/email/invitation"
    )
    client.post(link_in(confirmation.get()))
    logged_in = client.post(
        landing.context["login_url"], {"login": "nadia@univ.ma", "password": SIGNUP["password1"]}
    )
    assert logged_in.status_code == 302
    assert logged_in.url == invitation_url(invitation)

    form_page = client.get(invitation_url(invitation))
    assert form_page.context["needs_profile"] is True
    accepted = client.post(
        invitation_url(invitation),
        {
            "action": "accept",
            "expertise_sectors": ["saffron"],
            "regions": ["souss-massa", "draa-tafilalet"],
            "languages": ["fr", "ar"],
        },
    )

    assert accepted.status_code == 302
    assert accepted.url == url("jury:workspace")
    member = JuryMember.objects.get(jury=panel.jury, user__email="nadia@univ.ma")
    assert (member.role, member.max_assignments) == (MemberRole.CHAIR, 9)
    profile = JurorProfile.objects.get(user=member.user)
    assert (profile.expertise_sectors, profile.languages) == (["saffron"], ["fr", "ar"])
    assert sorted(profile.regions) == ["draa-tafilalet", "souss-massa"]
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_an_existing_juror_logs_in_through_the_link_and_accepts_without_a_profile_form(
    client, panel
):
    juror = JurorFactory(email="karim@univ.ma")
    invitation = invite(panel, "karim@univ.ma")
    landing = client.get(invitation_url(invitation))
    assert landing.context["has_account"] is True

    logged_in = client.post(
        landing.context["login_url"], {"login": "karim@univ.ma", "password": PASSWORD}
    )
    page = client.get(logged_in.url)
    accepted = client.post(invitation_url(invitation), {"action": "accept"})

    assert page.context["needs_profile"] is False
    assert accepted.status_code == 302
    assert JuryMember.objects.filter(jury=panel.jury, user=juror, is_active=True).exists()


def test_a_new_juror_who_reads_no_language_is_asked_again(client, panel):
    person = UserFactory(email="sara@univ.ma")
    invitation = invite(panel, person.email)
    client.force_login(person)

    response = client.post(invitation_url(invitation), {"action": "accept", "languages": []})

    assert response.status_code == 200
    assert "Choose at least one language you read." in response.content.decode()
    assert not JuryMember.objects.exists()


def test_an_account_with_another_address_is_refused_clearly_and_nothing_changes(client, panel):
    invitation = invite(panel, "invited@univ.ma")
    client.force_login(JurorFactory(email="colleague@univ.ma"))

    page = client.get(invitation_url(invitation))
    posted = client.post(invitation_url(invitation), {"action": "accept"})
    declined = client.post(invitation_url(invitation), {"action": "decline"})

    assert page.status_code == posted.status_code == 403
    text = page.content.decode()
    assert "This invitation was sent to" in text
    assert "invited@univ.ma" in text
    assert "colleague@univ.ma" in text
    assert declined.status_code == 302
    assert not JuryMember.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert invitation.declined_at is None


def test_the_link_works_once(client, panel):
    juror = JurorFactory(email="karim@univ.ma")
    invitation = invite(panel, juror.email)
    client.force_login(juror)
    client.post(invitation_url(invitation), {"action": "accept"})

    again = client.get(invitation_url(invitation))
    posted_again = client.post(invitation_url(invitation), {"action": "accept"})

    assert again.status_code == posted_again.status_code == 410
    assert "This invitation has already been answered" in again.content.decode()
    assert again.context["is_member"] is True
    assert JuryMember.objects.filter(jury=panel.jury).count() == 1


def test_a_visitor_may_decline_with_the_link_alone(client, panel):
    invitation = invite(panel, "busy@univ.ma")

    response = client.post(invitation_url(invitation), {"action": "decline"})
    again = client.get(invitation_url(invitation))

    assert response.status_code == 200
    assert "Invitation declined" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert again.status_code == 410


def test_a_visitor_cannot_accept_without_logging_in(client, panel):
    invitation = invite(panel, "karim@univ.ma")

    response = client.post(invitation_url(invitation), {"action": "accept"})

    assert response.status_code == 200
    assert "login_url" in response.context
    assert not JuryMember.objects.exists()


def test_an_unknown_or_withdrawn_link_is_not_found(client, panel):
    invitation = invite(panel, "karim@univ.ma")
    services.invitation_cancel(invitation=invitation, actor=panel.organizer)

    assert client.get(invitation_url(invitation)).status_code == 404
    token_url = url("jury_invitations:respond", token=uuid.uuid4())
    assert client.get(token_url).status_code == 404
    assert not JuryInvitation.objects.exists()


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_page_speaks_the_language_of_its_address(client, panel, language):
    invitation = invite(panel, "karim@univ.ma")

    response = client.get(invitation_url(invitation, language))

    page = response.content.decode()
    assert f'lang="{language}"' in page
    with translation.override(language):
        assert translation.gettext("Invitation to a jury") in page
