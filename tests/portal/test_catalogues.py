"""Every string a person reads exists in French, Arabic and English."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "ar", "en"]
# Template variables reach the catalogues as %(name)s; "{{ or }}" in a help text is literal.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def catalogue(language, root=ROOT):
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_untranslated_or_fuzzy(language):
    po = catalogue(language)

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    """A singular keeps the msgid's placeholders. Plural forms may each drop the count
    ("one prize"), but use only the msgid's and msgid_plural's placeholders, and together
    use all of them."""
    broken = []
    for entry in catalogue(language).translated_entries():
        if not entry.msgid_plural:
            if sorted(PLACEHOLDER.findall(entry.msgstr)) != sorted(
                PLACEHOLDER.findall(entry.msgid)
            ):
                broken.append(entry.msgid)
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        used = [set(PLACEHOLDER.findall(text)) for text in entry.msgstr_plural.values()]
        if any(form - expected for form in used) or set().union(*used) != expected:
            broken.append(entry.msgid)

    assert broken == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (xgettext)")
def test_catalogues_hold_every_string_of_the_sources(tmp_path):
    """makemessages on a copy of the project finds no string the catalogues lack."""
    copy = tmp_path / "portal"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "staticfiles", "tests", "__pycache__", "*.mo", ".*_cache"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )

    in_sources = {(entry.msgctxt, entry.msgid) for entry in catalogue("fr", copy)}
    for language in LANGUAGES:
        known = {(entry.msgctxt, entry.msgid) for entry in catalogue(language)}
        assert sorted(in_sources - known, key=str) == [], f"missing from the {language} catalogue"
