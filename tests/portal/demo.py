"""Loading the demo from the portal's tests."""

from io import StringIO

from django.core.management import call_command


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()
