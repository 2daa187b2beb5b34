import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import (
    CallFactory,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    SiteAdminFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": lambda: AnonymousUser(),
    "applicant": lambda: OrganizationFactory().owner,
    "juror": lambda: JurorFactory(),
    "organizer": lambda: OrganizerFactory(),
    "site admin": lambda: SiteAdminFactory(),
}


@pytest.mark.parametrize(
    ("role", "backoffice", "jury", "dashboard"),
    [
        ("anonymous", False, False, False),
        ("applicant", False, False, True),
        ("juror", False, True, True),
        ("organizer", True, False, True),
        ("site admin", True, False, True),
    ],
)
def test_what_each_role_may_open(role, backoffice, jury, dashboard):
    user = ROLES[role]()

    assert user.has_perm("calls.open_backoffice") is backoffice
    assert user.has_perm("juries.open_workspace") is jury
    assert user.has_perm("accounts.open_dashboard") is dashboard


def test_an_organizer_manages_only_the_calls_they_run():
    organizer = OrganizerFactory()
    theirs = CallFactory(organizers=[organizer])
    someone_elses = CallFactory(organizers=[OrganizerFactory()])

    assert organizer.has_perm("calls.manage_call", theirs)
    assert not organizer.has_perm("calls.manage_call", someone_elses)


def test_a_site_admin_manages_every_call():
    assert SiteAdminFactory().has_perm("calls.manage_call", CallFactory())


def test_an_organizer_whose_role_was_withdrawn_no_longer_manages_their_calls():
    organizer = OrganizerFactory(is_organizer=False)

    assert not organizer.has_perm("calls.manage_call", CallFactory(organizers=[organizer]))


def test_only_the_owner_or_a_site_admin_edits_an_organization():
    organization = OrganizationFactory()

    assert organization.owner.has_perm("accounts.edit_organization", organization)
    assert not UserFactory().has_perm("accounts.edit_organization", organization)
    assert SiteAdminFactory().has_perm("accounts.edit_organization", organization)
