import pytest
from django.db import transaction
from django.test.utils import override_settings

from tests.portal.demo import seed_demo


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the module that uses it (the slow part: some fifty
    applications with their documents, the juries and the results); each test then runs
    in a savepoint rolled back after it. Its value is what `seed_demo` printed."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield seed_demo()
        transaction.set_rollback(True)
