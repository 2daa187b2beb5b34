import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.celery import app as celery_app
from tests import services


@pytest.fixture(autouse=True)
def _isolation():
    """Each test starts with an empty cache (rate limits) and the default language."""
    cache.clear()
    with translation.override(settings.LANGUAGE_CODE):
        yield
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in the test's thread unless a test starts a real worker."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


SERVICE_OF_MARKER = {"redis": "redis", "browser": "chromium", "postgres": "postgres"}


def pytest_runtest_setup(item):
    for marker, service in SERVICE_OF_MARKER.items():
        if item.get_closest_marker(marker):
            services.require(service)


class QueryBudget:
    """Asserts the exact number of queries run in a block; prints them on failure."""

    def __init__(self, expected):
        self.expected = expected
        self.context = CaptureQueriesContext(connection)

    def __enter__(self):
        self.context.__enter__()
        return self

    def __exit__(self, *exc_info):
        self.context.__exit__(*exc_info)
        if exc_info[0] is not None:
            return
        executed = len(self.context.captured_queries)
        if executed != self.expected:
            listing = "\n".join(
                f"{n}. {query['sql']}" for n, query in enumerate(self.context.captured_queries, 1)
            )
            pytest.fail(f"expected {self.expected} queries, ran {executed}:\n{listing}")


@pytest.fixture
def assert_num_queries():
    """`with assert_num_queries(5): client.get(url)` — exact count, listed on failure."""
    return QueryBudget
