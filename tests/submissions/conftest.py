"""An open call with a form of every kind of question, and an applicant ready to apply."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from accounts.enums import LegalForm
from calls.enums import QuestionKind, RuleKind
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    OrganizationFactory,
    QuestionFactory,
    StepFactory,
)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="statuts.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def jpeg_bytes(width=3000, height=1500):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(output, "JPEG")
    return output.getvalue()


class CallForm:
    """The call and its questions by role, for tests to answer."""

    def __init__(self, call, steps, questions, declaration):
        self.call = call
        self.steps = steps
        self.q = questions
        self.declaration = declaration

    def answers(self, **overrides):
        values = {
            self.q["project"].pk: "Séchoir solaire collectif",
            self.q["summary"].pk: "Nous voulons sécher le safran sans perte de qualité.",
            self.q["budget"].pk: "85000",
            self.q["start"].pk: "2027-01-15",
            self.q["sector"].pk: "saffron",
            self.q["markets"].pk: ["local", "export"],
            self.q["training"].pk: True,
        }
        values.update({self.q[name].pk: value for name, value in overrides.items()})
        return values


@pytest.fixture(autouse=True)
def _english():
    """These tests read the portal's messages in English (pages under /en/, errors raised
    by services); e-mails still follow each recipient's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def call_form(db):
    call = CallFactory(reference_prefix="LAM", attachment_max_mb=10)
    project = StepFactory(call=call, position=1, title_fr="Le projet")
    documents = StepFactory(call=call, position=2, title_fr="Pièces justificatives")
    choices = [
        {"value": "saffron", "fr": "Safran", "ar": "الزعفران", "en": "Saffron"},
        {"value": "argan", "fr": "Argan", "ar": "الأركان", "en": "Argan"},
    ]
    markets = [
        {"value": "local", "fr": "Local", "ar": "محلي", "en": "Local"},
        {"value": "export", "fr": "Export", "ar": "تصدير", "en": "Export"},
    ]
    q = {
        "project": QuestionFactory(step=project, kind=QuestionKind.SHORT_TEXT, position=1),
        "summary": QuestionFactory(
            step=project, kind=QuestionKind.LONG_TEXT, word_limit=20, position=2
        ),
        "budget": QuestionFactory(
            step=project, kind=QuestionKind.NUMBER, min_value=1000, max_value=200000, position=3
        ),
        "start": QuestionFactory(step=project, kind=QuestionKind.DATE, position=4),
        "sector": QuestionFactory(
            step=project, kind=QuestionKind.CHOICE, choices=choices, position=5
        ),
        "markets": QuestionFactory(
            step=project, kind=QuestionKind.MULTIPLE_CHOICE, choices=markets, position=6
        ),
        "training": QuestionFactory(step=project, kind=QuestionKind.YES_NO, position=7),
        "statutes": QuestionFactory(
            step=documents, kind=QuestionKind.FILE, file_types=["pdf"], position=1
        ),
        "photos": QuestionFactory(
            step=documents,
            kind=QuestionKind.FILE,
            file_types=["pdf", "jpeg", "png"],
            max_files=3,
            required=False,
            position=2,
        ),
    }
    EligibilityRuleFactory(call=call, kind=RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE])
    EligibilityRuleFactory(call=call, kind=RuleKind.WOMEN_SHARE_MIN, choices=[], number=50)
    declaration = EligibilityRuleFactory(
        call=call,
        kind=RuleKind.DECLARATION,
        choices=[],
        statement_fr="Notre coopérative est enregistrée auprès de l'ODCO.",
    )
    return CallForm(call, [project, documents], q, declaration)


@pytest.fixture
def organization(db):
    return OrganizationFactory(founded_on=datetime.date(2019, 3, 14))


@pytest.fixture
def applicant(organization):
    return organization.owner
