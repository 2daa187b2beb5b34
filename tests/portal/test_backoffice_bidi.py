"""The organizers' page headings keep an application's reference whole on Arabic pages:
written left to right, isolated from the right-to-left sentence around it."""

import re

import pytest

from awards.models import ResultNotice
from awards.services.publication import notices_prepare
from juries.models import Evaluation
from tests.awards.conftest import locked_scene
from tests.portal.test_layout_bidi import directions_around


@pytest.fixture
def scene(db):
    scene = locked_scene()
    notices_prepare(call=scene.call, actor=scene.organizer)
    return scene


def heading_and_intro(html):
    """The page's title and the paragraph under it (the frame's <h1> and intro)."""
    top = re.search(r"<h1>.*?</h1>.*?</p>", html, re.S).group(0)
    return f'<body dir="rtl">{top}</body>'


@pytest.mark.parametrize(
    "page", ["application", "documents", "notice", "assign_application", "evaluation_reopen"]
)
def test_a_reference_in_a_back_office_heading_is_written_left_to_right(client, scene, page):
    application = scene.applications[0]
    evaluation = Evaluation.objects.filter(assignment__application=application).first()
    notice = ResultNotice.objects.get(application=application)
    manage = f"/ar/manage/calls/{scene.call.slug}"
    jury = f"{manage}/jury/round/{scene.round.pk}"
    path = {
        "application": f"{manage}/applications/{application.pk}/",
        "documents": f"{manage}/applications/{application.pk}/documents/",
        "notice": f"{manage}/results/notices/{notice.pk}/",
        "assign_application": f"{jury}/assignment/applications/{application.pk}/",
        "evaluation_reopen": f"{jury}/evaluations/{evaluation.pk}/reopen/",
    }[page]
    client.force_login(scene.organizer)

    response = client.get(path)

    assert response.status_code == 200
    found = directions_around(heading_and_intro(response.content.decode()), application.reference)
    assert found
    assert set(found) == {"ltr"}
