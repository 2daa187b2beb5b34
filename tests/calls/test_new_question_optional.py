"""A new question of the form builder starts optional: the organizer ticks "required"."""

import re

import pytest
from django.urls import reverse

from calls import services
from calls.enums import QuestionKind
from calls.forms.manage import QuestionForm
from calls.models import Question
from tests.factories import StepFactory

pytestmark = pytest.mark.django_db


def test_a_question_saved_without_saying_is_optional(organizer, organizer_call):
    step = StepFactory(call=organizer_call)

    question = services.question_save(
        step=step, actor=organizer, kind=QuestionKind.SHORT_TEXT, label_fr="Site web"
    )

    assert question.required is False
    assert Question(step=step).required is False


def test_the_new_question_form_shows_required_unticked(client, organizer, organizer_call):
    step = StepFactory(call=organizer_call)
    client.force_login(organizer)

    response = client.get(reverse("manage:question_add", args=[organizer_call.slug, step.pk]))

    form = response.context["form"]
    assert form["required"].value() is False
    (checkbox,) = re.findall(r'<input[^>]*name="required"[^>]*>', response.text)
    assert "checked" not in checkbox
    assert QuestionForm().initial["required"] is False
