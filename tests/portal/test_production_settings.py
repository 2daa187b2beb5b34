"""DEBUG=0 is production: it refuses weak configuration and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = "k8Jq2vX9pL4mN7rT1wY6zB3cF5hG0sD8aE2uI9oP4lK7jH1gF6dS3aZ5xC8vB0nM"


def manage(*args, env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"DEBUG": "0", "SECRET_KEY": STRONG_SECRET, "ALLOWED_HOSTS": "portal.example.org"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "portal.example.org"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "portal.example.org", "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": STRONG_SECRET}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_a_strong_secret_and_hosts(env, complaint):
    result = manage("check", env={"DEBUG": "0", **env})

    assert result.returncode != 0
    assert complaint in result.stderr
