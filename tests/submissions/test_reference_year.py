"""An application's reference carries its call's year: the one the organizers set, else
the year the call closes in Morocco, whatever the day it is sent."""

import datetime

import pytest
import time_machine

from calls import services as call_services
from submissions import services
from tests.factories import CallFactory, OrganizationFactory, OrganizerFactory

MOROCCO = datetime.timezone(datetime.timedelta(hours=1))
pytestmark = pytest.mark.django_db


def submitted_reference(call, *, on: datetime.datetime) -> str:
    applicant = OrganizationFactory().owner
    with time_machine.travel(on, tick=False):
        draft = services.application_start(call=call, applicant=applicant)
        application = services.application_submit(application=draft, actor=applicant, answers={})
    return application.reference


def december_2026_to_january_2027(**fields):
    return CallFactory(
        reference_prefix="MRF",
        opens_at=datetime.datetime(2026, 12, 1, 9, tzinfo=MOROCCO),
        closes_at=datetime.datetime(2027, 1, 31, 23, 59, tzinfo=MOROCCO),
        **fields,
    )


def test_a_2027_call_opening_in_december_2026_numbers_its_applications_2027():
    call = december_2026_to_january_2027()

    on = datetime.datetime(2026, 12, 10, 12, tzinfo=MOROCCO)
    assert submitted_reference(call, on=on) == "MRF-2027-0001"


def test_the_year_the_organizers_set_wins():
    call = december_2026_to_january_2027(reference_year=2026)

    on = datetime.datetime(2027, 1, 10, 12, tzinfo=MOROCCO)
    assert submitted_reference(call, on=on) == "MRF-2026-0001"


def test_the_closing_year_is_read_in_morocco_not_in_utc():
    # 31 December 2026 at 23:30 UTC is already 1 January 2027 in Casablanca (UTC+1).
    call = CallFactory(
        opens_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),
    )

    assert call.edition_year == 2027


def test_a_deadline_moved_into_the_next_year_keeps_the_year_of_references_given():
    organizer = OrganizerFactory()
    call = CallFactory(
        reference_prefix="SIL",
        opens_at=datetime.datetime(2026, 11, 1, 9, tzinfo=MOROCCO),
        closes_at=datetime.datetime(2026, 12, 20, 23, 59, tzinfo=MOROCCO),
        organizers=[organizer],
    )
    on = datetime.datetime(2026, 12, 1, 12, tzinfo=MOROCCO)
    assert submitted_reference(call, on=on) == "SIL-2026-0001"

    with time_machine.travel(on, tick=False):
        call_services.call_update(
            call=call,
            actor=organizer,
            closes_at=datetime.datetime(2027, 1, 15, 23, 59, tzinfo=MOROCCO),
        )

    call.refresh_from_db()
    assert call.reference_year == 2026
    later = datetime.datetime(2027, 1, 5, 12, tzinfo=MOROCCO)
    assert submitted_reference(call, on=later) == "SIL-2026-0002"
