"""What an organizer writes to applicants (a missing-document request, a message) in up
to three languages: each applicant reads the text in their language for e-mails, or the
text as written when there is none in their language.

"As written" is the text in the writer's language when they wrote one, else the first
written in the portal's order of languages (French, Arabic, English).
"""

from collections import Counter
from collections.abc import Iterable, Mapping

from django.conf import settings

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def reader_language(language: str | None) -> str:
    """The language an applicant is written to in: theirs, or the portal's default."""
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def written_language(texts: Mapping[str, object], *, writer: str | None) -> str | None:
    """The language of the text as written among `texts` (by language code, an empty
    value meaning none); None when nothing is written."""
    for code in [writer, *LANGUAGE_CODES]:
        if code in LANGUAGE_CODES and texts.get(code):
            return code
    return None


def text_for(texts: Mapping[str, object], *, language: str, written_in: str):
    """The text an applicant reading `language` receives."""
    return texts.get(language) or texts[written_in]


def readers_by_language(languages: Iterable[str | None]) -> dict[str, int]:
    """How many applicants read each language (every language listed, in order)."""
    counts = Counter(reader_language(language) for language in languages)
    return {code: counts[code] for code in LANGUAGE_CODES}
