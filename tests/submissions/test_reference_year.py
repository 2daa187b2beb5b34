"""An application's reference carries its call's edition year (the year the call opens,
in Morocco), whatever the day it is sent."""

import datetime

import pytest
import time_machine

from submissions import services
from tests.factories import CallFactory, OrganizationFactory

MOROCCO = datetime.timezone(datetime.timedelta(hours=1))


def submitted_reference(call, *, on: datetime.datetime) -> str:
    applicant = OrganizationFactory().owner
    with time_machine.travel(on, tick=False):
        draft = services.application_start(call=call, applicant=applicant)
        application = services.application_submit(application=draft, actor=applicant, answers={})
    return application.reference


@pytest.mark.django_db
def test_an_application_sent_in_january_to_a_call_opened_in_november_keeps_its_year():
    call = CallFactory(
        reference_prefix="SIL",
        opens_at=datetime.datetime(2026, 11, 18, 9, tzinfo=MOROCCO),
        closes_at=datetime.datetime(2027, 1, 31, 23, 59, tzinfo=MOROCCO),
    )

    on = datetime.datetime(2027, 1, 10, 12, tzinfo=MOROCCO)
    assert submitted_reference(call, on=on) == "SIL-2026-0001"


@pytest.mark.django_db
def test_the_edition_year_is_the_opening_day_in_morocco_not_in_utc():
    # 31 December 2026 at 23:30 UTC is already 1 January 2027 in Casablanca (UTC+1).
    call = CallFactory(
        opens_at=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2027, 2, 28, tzinfo=datetime.UTC),
    )

    assert call.edition_year == 2027
