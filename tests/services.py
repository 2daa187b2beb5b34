"""Which real services the suite may use, from the environment (contract in DESIGN.md).

A test that needs PostgreSQL, Redis or Chromium is skipped with the reason when the
service is not configured, and fails instead when REQUIRE_SERVICES=1 (CI).
"""

import os
import shutil

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def chromium_path():
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    return path if os.path.exists(path) else shutil.which("chromium")


AVAILABLE = {
    "postgres": os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    "redis": bool(os.environ.get("REDIS_URL")),
    "chromium": chromium_path() is not None,
}

HOW_TO_ENABLE = {
    "postgres": "set DATABASE_URL to a PostgreSQL database",
    "redis": "set REDIS_URL",
    "chromium": "install Debian's chromium or set CHROMIUM",
}


def require(service):
    """Skip (or fail under REQUIRE_SERVICES=1) when `service` is not available."""
    if AVAILABLE[service]:
        return
    reason = f"needs {service}: {HOW_TO_ENABLE[service]}"
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but the test {reason}")
    pytest.skip(reason)


CLOSED_PORT = "redis://127.0.0.1:1/0"

# A cache setting whose Redis never answers: for outage tests.
UNREACHABLE_REDIS_CACHES = {
    "default": {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": CLOSED_PORT,
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
}
