"""Arabic pages keep left-to-right codes whole and use the Arabic comma.

A reference such as SIL-2026-0001 shown in a right-to-left sentence is isolated in an
element written left to right, wherever an applicant reads it; lists joined in a page's
text use the page language's separator ("، " in Arabic)."""

from html.parser import HTMLParser

import pytest

from calls.enums import QuestionKind
from submissions import services as submissions
from tests.factories import CallFactory, OrganizationFactory, QuestionFactory, StepFactory

MARKETS = [
    {"value": "local", "fr": "Local", "ar": "محلي", "en": "Local"},
    {"value": "export", "fr": "Export", "ar": "تصدير", "en": "Export"},
]


class Directions(HTMLParser):
    """The direction around each piece of text containing `needle` in the page's body:
    the `dir` of its nearest ancestor that has one (the <html> element's at worst)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, needle):
        super().__init__()
        self.needle, self.stack, self.found = needle, [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("dir")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if self.needle in data and "title" not in tags and "body" in tags:
            self.found.append(next(d for _, d in reversed(self.stack) if d))


def directions_around(html, needle):
    parser = Directions(needle)
    parser.feed(html)
    return parser.found


@pytest.fixture
def application(db):
    call = CallFactory(reference_prefix="SIL")
    markets = QuestionFactory(
        step=StepFactory(call=call), kind=QuestionKind.MULTIPLE_CHOICE, choices=MARKETS
    )
    owner = OrganizationFactory().owner
    started = submissions.application_start(call=call, applicant=owner)
    return submissions.application_submit(
        application=started, actor=owner, answers={markets.pk: ["local", "export"]}, notify=False
    )


@pytest.mark.parametrize(
    "path",
    [
        "/ar/me/",
        "/ar/me/applications/{pk}/",
        "/ar/me/applications/{pk}/receipt/",
        "/ar/me/applications/{pk}/withdraw/",
        "/ar/calls/{slug}/apply/{pk}/",
    ],
)
def test_a_reference_is_written_left_to_right_on_arabic_pages(client, application, path):
    client.force_login(application.applicant)

    url = path.format(pk=application.pk, slug=application.call.slug)
    html = client.get(url, follow=True).content.decode()

    found = directions_around(html, application.reference)
    assert found
    assert set(found) == {"ltr"}


@pytest.mark.parametrize(("language", "joined"), [("ar", "محلي، تصدير"), ("fr", "Local, Export")])
def test_a_list_is_joined_with_the_languages_comma(client, application, language, joined):
    client.force_login(application.applicant)

    html = client.get(f"/{language}/me/applications/{application.pk}/").content.decode()

    assert joined in html
