import pytest
from django.urls import reverse

from tests.factories import JurorFactory, OrganizationFactory, OrganizerFactory, SiteAdminFactory

pytestmark = pytest.mark.django_db

PEOPLE = {
    "applicant": lambda: OrganizationFactory().owner,
    "juror": JurorFactory,
    "organizer": OrganizerFactory,
    "site admin": SiteAdminFactory,
}


@pytest.mark.parametrize(
    ("role", "backoffice_status", "jury_status"),
    [
        ("applicant", 403, 403),
        ("juror", 403, 200),
        ("organizer", 200, 403),
        ("site admin", 200, 403),
    ],
)
def test_role_areas_open_only_to_their_role(client, role, backoffice_status, jury_status):
    client.force_login(PEOPLE[role]())

    assert client.get(reverse("manage:home")).status_code == backoffice_status
    assert client.get(reverse("jury:workspace")).status_code == jury_status
    assert client.get(reverse("me:dashboard")).status_code == 200


@pytest.mark.parametrize("name", ["manage:home", "jury:workspace", "me:dashboard"])
def test_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("applicant", {"me:dashboard"}),
        ("juror", {"me:dashboard", "jury:workspace"}),
        ("organizer", {"me:dashboard", "manage:home"}),
        ("site admin", {"me:dashboard", "manage:home", "admin:index"}),
    ],
)
def test_navigation_offers_what_the_role_may_open(client, role, links):
    client.force_login(PEOPLE[role]())

    page = client.get(reverse("home")).content.decode()

    every_area = {"me:dashboard", "jury:workspace", "manage:home", "admin:index"}
    shown = {name for name in every_area if f'href="{reverse(name)}"' in page}
    assert shown == links


def test_a_site_admin_still_reaches_the_admin_site(client):
    client.force_login(SiteAdminFactory())

    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
