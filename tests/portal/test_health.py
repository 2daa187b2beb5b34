import pytest
from django.urls import reverse

from portal.celery import app as celery_app
from tests.services import CLOSED_PORT, UNREACHABLE_REDIS_CACHES

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_up(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = UNREACHABLE_REDIS_CACHES

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["cache"].startswith("error")
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", CLOSED_PORT)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


def test_healthz_needs_no_language_prefix(client):
    assert reverse("healthz") == "/healthz"
