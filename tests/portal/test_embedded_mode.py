"""The embedded portal (`make run`) behaves like production where a visitor can tell:
its own error pages, links to the address served, and concurrent writers on SQLite
that wait their turn instead of failing."""

import subprocess
import sys
import textwrap

import pytest
from django.db import OperationalError

from tests.portal.test_production_settings import ROOT, manage

pytestmark = pytest.mark.django_db


def embedded_setting(name, **env):
    result = manage(
        "shell", "-c", f"from django.conf import settings; print(settings.{name})", env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_embedded_mode_shows_the_portals_pages_not_django_debug_pages():
    assert embedded_setting("DEBUG") == "False"
    assert embedded_setting("DEBUG", DJANGO_DEBUG_PAGES="1") == "True"


def test_make_run_links_to_the_port_it_serves():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8765"], cwd=ROOT, capture_output=True, text=True
    )

    assert "SITE_URL=http://127.0.0.1:8765 .venv/bin/python manage.py runserver" in result.stdout


@pytest.mark.parametrize(
    ("language", "words"), [("fr", "Réessayez dans 10 secondes"), ("ar", "حاولوا مرة أخرى")]
)
def test_a_database_that_cannot_answer_gives_a_translated_503_not_a_500(
    client, monkeypatch, language, words
):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("portal.views.public_call_listing", locked)
    client.raise_request_exception = False

    response = client.get(f"/{language}/")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert words in page


def test_other_errors_still_give_the_500_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("portal.views.public_call_listing", broken)
    client.raise_request_exception = False

    response = client.get("/fr/")

    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


CONCURRENT_WRITERS = textwrap.dedent(
    """
    import threading, time, django
    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE tally (n integer)")
    connection.close()
    failures = []

    def read_then_write():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM tally")
                time.sleep(0.2)
                cursor.execute("INSERT INTO tally VALUES (1)")
        except Exception as error:
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=read_then_write) for _ in range(3)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tally")
        print(cursor.fetchone()[0], failures)
    """
)


def test_concurrent_writers_on_the_embedded_sqlite_wait_instead_of_failing(tmp_path):
    """Three transactions that read then write at once (three submits of one form):
    SQLite's deferred transactions refused two with "database is locked"."""
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_WRITERS],
        cwd=ROOT,
        env={**manage_environment(), "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 []"


def manage_environment():
    import os

    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    } | {"DJANGO_SETTINGS_MODULE": "portal.settings"}
