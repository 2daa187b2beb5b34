"""Fixtures of the export tests: a call, its organizer, a test export kind whose rows
carry text that a spreadsheet would read as a formula, and a call with a question of every
kind that organizations apply to."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from calls.enums import QuestionKind
from exports import registry
from submissions import services
from tests.factories import (
    CallFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    StepFactory,
)
from tests.submissions.conftest import MINIMAL_PDF, pdf_upload

TEST_KIND = "test-rows"
FAILING_KIND = "test-failing"
REFUSING_KIND = "test-refusing"

# Text an applicant could type that Excel would run, or turn into a formula on editing.
DANGEROUS = [
    '=HYPERLINK("http://evil","click")',
    "+1",
    "-2",
    "@SUM(A1)",
    " =1",
    "\t=1",
    "\n=1+1",
    "=cmd|' /C calc'!A0",
]
NAME_ON_TWO_LINES = "Coopérative Tifawin\nAït Baha"
HEADERS = ["Rang", "Nom", "Texte", "Score", "Date"]


def row(index):
    """Row `index` of the test export: rank, name, one dangerous text, a score, a date."""
    return [
        index + 1,
        NAME_ON_TWO_LINES,
        DANGEROUS[index % len(DANGEROUS)],
        Decimal("12.5") + index,
        datetime.date(2026, 6, 1),
    ]


class RowsBuilder:
    """Writes `rows` rows and remembers what the database said of its progress midway."""

    def __init__(self):
        self.rows = 250
        self.seen_midway = None
        self.calls = 0

    def __call__(self, *, export, workbook, progress):
        from exports.models import Export

        self.calls += 1
        sheet = workbook.sheet("Classement: test", headers=HEADERS, widths=[8, 30, 30, 10, 12])
        for index in range(self.rows):
            sheet.append(row(index))
            progress(index + 1, self.rows)
            if index + 1 == self.rows // 2:
                self.seen_midway = Export.objects.values_list("done", "total").get(pk=export.pk)


@pytest.fixture
def rows_builder():
    builder = RowsBuilder()
    registry.register(kind=TEST_KIND, label=_("Test rows"), filename="test-{slug}.xlsx")(builder)
    yield builder
    registry.unregister(TEST_KIND)


@pytest.fixture
def failing_kind():
    def build(*, export, workbook, progress):
        progress(1, 10)
        raise RuntimeError("the database went away")

    registry.register(kind=FAILING_KIND, label="Failing", filename="failing.xlsx")(build)
    yield FAILING_KIND
    registry.unregister(FAILING_KIND)


@pytest.fixture
def refusing_kind():
    def build(*, export, workbook, progress):
        raise ValidationError(_("No application to rank yet."))

    registry.register(kind=REFUSING_KIND, label="Refusing", filename="refusing.xlsx")(build)
    yield REFUSING_KIND
    registry.unregister(REFUSING_KIND)


@pytest.fixture
def organizer():
    return OrganizerFactory()


@pytest.fixture
def organizer_call(organizer):
    return CallFactory(organizers=[organizer])


# --- a call with applications, for the applications and documents exports -------------


class FormCall:
    """An open call with a question of every kind, its organizer, and `apply()` to send
    applications to it through the applicants' own services."""

    def __init__(self, call, organizer, questions):
        self.call = call
        self.organizer = organizer
        self.q = questions
        self.sent = 0

    def answers(self, **overrides):
        values = {
            "project": "Séchoir solaire collectif",
            "summary": "Sécher le safran\nsans perte de qualité.",
            "budget": "85000",
            "share": "12.5",
            "start": "2027-01-15",
            "sector": "saffron",
            "markets": ["local", "export"],
            "training": True,
        }
        values.update(overrides)
        return {self.q[name].pk: value for name, value in values.items()}

    def apply(self, *, name=None, files=(("statutes", "statuts.pdf"),), submit=True, **answers):
        """An organization's application with `files` as (question, file name) pairs,
        submitted unless `submit=False`."""

        self.sent += 1
        extra = {"name": name} if name is not None else {}
        # Applicants never log in here: an unusable password, not one to hash (a second).
        organization = OrganizationFactory(owner__password=None, **extra)
        applicant = organization.owner
        application = services.application_start(call=self.call, applicant=applicant)
        for question, file_name in files:
            services.attachment_add(
                application=application,
                question=self.q[question],
                # Each file its own content, so that each has its own checksum.
                uploaded_file=pdf_upload(
                    file_name, MINIMAL_PDF + f"%{self.sent}{file_name}".encode()
                ),
                actor=applicant,
            )
        if submit:
            services.application_submit(
                application=application, actor=applicant, answers=self.answers(**answers)
            )
        application.refresh_from_db()
        return application


@pytest.fixture
def form_call(organizer):

    call = CallFactory(organizers=[organizer], reference_prefix="LAM")
    project = StepFactory(call=call, position=1)
    documents = StepFactory(call=call, position=2)
    sectors = [
        {"value": "saffron", "fr": "Safran", "ar": "الزعفران", "en": "Saffron"},
        {"value": "argan", "fr": "Argan", "ar": "الأركان", "en": "Argan"},
    ]
    markets = [
        {"value": "local", "fr": "Marché local", "ar": "محلي", "en": "Local market"},
        {"value": "export", "fr": "Export", "ar": "تصدير", "en": "Export"},
    ]

    def question(name, step, position, kind, **fields):
        return QuestionFactory(
            step=step,
            position=position,
            kind=kind,
            label_fr=f"Question « {name} »",
            label_en=f"Question “{name}”",
            label_ar=f"سؤال {name}",
            **fields,
        )

    # Positions out of creation order: the columns follow the form, not the database.
    questions = {
        "statutes": question("statutes", documents, 1, QuestionKind.FILE, file_types=["pdf"]),
        "photos": question("photos", documents, 2, QuestionKind.FILE, max_files=3, required=False),
        "summary": question("summary", project, 2, QuestionKind.LONG_TEXT),
        "project": question("project", project, 1, QuestionKind.SHORT_TEXT),
        "budget": question("budget", project, 3, QuestionKind.NUMBER),
        "share": question("share", project, 4, QuestionKind.NUMBER, required=False),
        "start": question("start", project, 5, QuestionKind.DATE),
        "sector": question("sector", project, 6, QuestionKind.CHOICE, choices=sectors),
        "markets": question("markets", project, 7, QuestionKind.MULTIPLE_CHOICE, choices=markets),
        "training": question("training", project, 8, QuestionKind.YES_NO),
    }
    return FormCall(call, organizer, questions)


# The questions in the form's order: the first step's, then the documents.
FORM_ORDER = [
    "project",
    "summary",
    "budget",
    "share",
    "start",
    "sector",
    "markets",
    "training",
    "statutes",
    "photos",
]
