"""A Redis outage (cache and broker) degrades the portal; it does not break it."""

import pytest
from django.urls import reverse

from accounts.models import User
from notifications.enums import MessageStatus
from notifications.models import Message
from portal.celery import app as celery_app
from tests.factories import PASSWORD, UserFactory
from tests.services import CLOSED_PORT, UNREACHABLE_REDIS_CACHES

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = UNREACHABLE_REDIS_CACHES
    celery_app.conf.task_always_eager = False  # restored by the autouse fixture
    monkeypatch.setattr(celery_app.conf, "broker_url", CLOSED_PORT)


def test_login_still_works_while_redis_is_down(client, redis_down):
    user = UserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_while_redis_is_down_keeps_the_mail_for_later(
    client, redis_down, django_capture_on_commit_callbacks
):
    data = {
        "full_name": "Aicha Ouhammou",
        "email": "aicha@nour-tissage.ma",
        "password1": "Tissage-Ouarzazate-9",
        "password2": "Tissage-Ouarzazate-9",
        "privacy_consent": "on",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), data)

    assert response.status_code == 302
    assert User.objects.filter(email="aicha@nour-tissage.ma").exists()
    assert Message.objects.get().status == MessageStatus.PENDING
