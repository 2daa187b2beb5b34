"""The list and an application's page run the same number of queries whatever the number
of applications, the page size or the jury's work: scores, flags and names come with the
rows."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions import services as submissions
from submissions.enums import EventKind
from tests.submissions.manage.conftest import S, add_juror, bulk_applications, grade, screen, submit

pytestmark = pytest.mark.django_db

LIST_BUDGET = 12  # session, user, call, count, rows, counts, jurors, the header's checks…


def warmed(client, user):
    """Logged in, with the one-off writes of a first page (the user's language) done."""
    client.force_login(user)
    client.get("/en/manage/")
    return client


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def scored(scene, count):
    """`count` applications submitted, screened and scored by two jurors, one flagged."""
    jurors = scene.members or [add_juror(scene), add_juror(scene)]
    applications = [screen(submit(scene), S.ELIGIBLE) for _ in range(count)]
    for n, application in enumerate(applications):
        grade(scene, jurors[0], application, 10, n % 10)
        grade(scene, jurors[1], application, n % 10, 2)
    return applications


def test_the_list_costs_the_same_for_10_and_1000_applications(client, scene):
    warmed(client, scene.organizer)
    scored(scene, 2)
    bulk_applications(scene.call, 8, start=10)
    juror = scene.members[0].user.pk
    views = [
        {},
        {"page_size": 100, "sort": "-score"},
        {"q": "coopérative", "region": "oriental", "flags": ["disagreement", "conflict"]},
        {"score_min": 10, "score_max": 90, "juror": juror, "status": ["eligible", "submitted"]},
    ]
    url = scene.url("list")
    few = [queries(client, url, params) for params in views]
    assert max(few) <= LIST_BUDGET

    started = time.monotonic()
    bulk_applications(scene.call, 990, start=100)
    assert time.monotonic() - started < 20
    many = [queries(client, url, params) for params in views]
    assert many == few


def test_an_applications_page_costs_the_same_in_a_call_of_10_or_60(client, scene):
    warmed(client, scene.organizer)
    application = scored(scene, 1)[0]
    submissions.event_record(
        application=application, kind=EventKind.RESULT_NOTIFIED, actor=None, outcome="prize"
    )
    bulk_applications(scene.call, 9, start=10)
    url = scene.url("detail", application.pk)
    few = queries(client, url)

    bulk_applications(scene.call, 50, start=100)
    others = scored(scene, 2)
    for other in others:  # more history, jurors and scores in the call
        grade(scene, add_juror(scene), other, 3, 3)
    assert queries(client, url) == few
    assert queries(client, scene.url("detail", others[0].pk)) == few
