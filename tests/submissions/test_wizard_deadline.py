"""The call closes while the form is open: a pressed button leads to the application with
the reason (an autosave says it beside the button: tests/submissions/test_wizard.py)."""

import contextlib
import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from submissions.models import Application
from tests.submissions.test_wizard import PREFIX, part, part_data, step_url, version_of

DEADLINE_SAYS = "The call closed on"


@pytest.fixture
def started(client, applicant, call_form):
    client.force_login(applicant)
    client.post(reverse("apply:start", kwargs={"slug": call_form.call.slug}))
    return Application.objects.get(applicant=applicant)


def typed(call_form, **fields):
    step = part(call_form, 1)
    payload = {f"{PREFIX}-current_step": step}
    payload.update(
        {f"{step}-{name}": value for name, value in part_data(call_form, **fields).items()}
    )
    return payload


@contextlib.contextmanager
def after_the_deadline(call):
    """The call closes a minute ago, while the person's page is open."""
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    yield


def test_save_and_continue_after_the_deadline_leads_to_the_application_with_the_reason(
    client, started, call_form
):
    payload = typed(call_form, project="Séchoir solaire")
    payload.update(form_version=version_of(started))

    with after_the_deadline(call_form.call):
        response = client.post(step_url(started, part(call_form, 1)), payload)

    assert response.status_code == 302
    assert response.url == reverse("me:application", kwargs={"pk": started.pk})
    assert any(DEADLINE_SAYS in str(message) for message in get_messages(response.wsgi_request))


def test_opening_the_form_after_the_deadline_leads_to_the_application(client, started, call_form):
    with after_the_deadline(call_form.call):
        response = client.get(step_url(started, part(call_form, 1)))

    assert response.status_code == 302
    assert response.url == reverse("me:application", kwargs={"pk": started.pk})
