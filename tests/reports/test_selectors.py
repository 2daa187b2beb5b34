"""The reports' figures, hand-checked on a small scene set up through the services."""

import datetime

import pytest

from accounts.enums import LegalForm, Region, Sector
from reports import selectors
from submissions.models import Application
from tests.reports.conftest import CLOSES, apply, past_call, profile, utc

pytestmark = pytest.mark.django_db


def by_value(slices):
    return {item.value: item.count for item in slices}


def test_funnel_counts_every_stage(scene):
    call, _applications = scene

    funnel = selectors.call_funnel(call=call)

    assert funnel == selectors.Funnel(
        started=9,
        drafts=1,
        submitted=7,  # received: withdrawn and the draft aside
        eligible=5,  # passed screening
        shortlisted=3,  # shortlisted then not selected, the winner, the special mention
        winners=1,
        special_mentions=1,
        withdrawn=1,
        ineligible=1,
    )


def test_breakdown_reads_the_submitted_profile_and_shows_every_region(scene):
    call, applications = scene
    # The organization moves after submitting: the figures keep what it submitted.
    organization = applications["eligible"].organization
    organization.region = Region.FES_MEKNES
    organization.save(update_fields=["region"])

    breakdown = selectors.call_dashboard(call=call).breakdown

    assert breakdown.total == 7
    assert [item.value for item in breakdown.regions] == list(Region.values)
    assert by_value(breakdown.regions) == {
        **dict.fromkeys(Region.values, 0),
        Region.SOUSS_MASSA: 3,
        Region.ORIENTAL: 2,
        Region.CASABLANCA_SETTAT: 1,
        Region.DRAA_TAFILALET: 1,
    }
    assert by_value(breakdown.legal_forms) == {
        LegalForm.COOPERATIVE: 6,
        LegalForm.ASSOCIATION: 1,
        LegalForm.COMPANY: 0,
        LegalForm.INFORMAL_GROUP: 0,
    }
    assert breakdown.sectors[:3] == [
        selectors.Slice(Sector.ARGAN, str(Sector.ARGAN.label), 5, 71.4),
        selectors.Slice(Sector.SAFFRON, str(Sector.SAFFRON.label), 1, 14.3),
        selectors.Slice(Sector.DATES, str(Sector.DATES.label), 1, 14.3),
    ]
    assert len(breakdown.sectors) == len(Sector.values)


def test_women_and_youth_shares_use_band_edges_exactly(scene):
    call, _applications = scene

    shares = selectors.call_dashboard(call=call).breakdown.shares

    # 20/24 and 8/10 (80 %) from 80 %; 10/20, 10/20 (50 %) and 79/100 in 50–79 %; 4/10
    # below; an organization declaring no member is left out of bands and averages.
    assert (shares.women_below_50, shares.women_50_to_79, shares.women_80_and_more) == (1, 3, 2)
    assert shares.members_unknown == 1
    assert [band.count for band in shares.women_bands] == [1, 3, 2, 1]
    assert shares.women_average == round((20 / 24 + 0.5 + 0.5 + 0.4 + 0.8 + 0.79) * 100 / 6, 1)
    assert (shares.women, shares.members) == (131, 184)
    assert shares.women_pooled == 71.2
    # At least half the members young: 10/20, 12/20, 5/10.
    assert shares.youth_led == 3
    assert shares.youth_average == round((9 / 24 + 0.5 + 0.6 + 0.2 + 0.5 + 0) * 100 / 6, 1)


def test_daily_evolution_counts_in_morocco_days(organizer):
    call = past_call(organizers=[organizer])
    # 23:30 UTC on 14 October is 00:30 on the 15th in Morocco (UTC+01:00).
    apply(
        call,
        started=utc(2025, 10, 1, 10, 0),
        submitted=utc(2025, 10, 14, 23, 30),
        **profile(region=Region.ORIENTAL, members=3, women=3, youth=0),
    )
    apply(
        call,
        started=utc(2025, 10, 14, 22, 30),
        submitted=utc(2025, 10, 14, 22, 50),
        **profile(region=Region.ORIENTAL, members=3, women=3, youth=0),
    )
    apply(
        call,
        started=utc(2025, 10, 14, 23, 10),
        **profile(region=Region.ORIENTAL, members=3, women=3, youth=0),
    )

    days = selectors.daily_evolution(call=call, today=datetime.date(2026, 1, 1))

    assert days[0].date == datetime.date(2025, 10, 1)
    assert days[-1].date == datetime.date(2025, 10, 31)  # the closing day, not today
    assert len(days) == 31
    rows = {
        day.date.day: (day.started, day.started_total, day.submitted, day.submitted_total)
        for day in days
    }
    assert rows[1] == (1, 1, 0, 0)
    assert rows[14] == (1, 2, 1, 1)
    assert rows[15] == (1, 3, 1, 2)
    assert rows[31] == (0, 3, 0, 2)


def test_daily_evolution_stops_today_while_open_and_is_empty_before_opening(organizer):
    call = past_call(organizers=[organizer])

    running = selectors.daily_evolution(call=call, today=datetime.date(2025, 10, 10))
    before = selectors.daily_evolution(call=call, today=datetime.date(2025, 9, 30))

    assert [day.date.day for day in running] == list(range(1, 11))
    assert before == []
    assert CLOSES.astimezone(selectors.MOROCCO).date() == datetime.date(2025, 10, 31)


def test_an_application_received_without_a_snapshot_counts_its_organizations_profile(scene):
    call, applications = scene
    Application.objects.filter(pk=applications["submitted"].pk).update(profile_snapshot={})
    organization = applications["submitted"].organization
    organization.region = Region.DAKHLA_OUED_ED_DAHAB
    organization.save(update_fields=["region"])

    regions = by_value(selectors.call_dashboard(call=call).breakdown.regions)

    assert regions[Region.DAKHLA_OUED_ED_DAHAB] == 1
    assert regions[Region.SOUSS_MASSA] == 2
