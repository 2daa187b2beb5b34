"""Fixtures of the organizers' back-office tests (calls/manage)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from calls.enums import QuestionKind
from calls.models import Call
from tests.factories import CallFactory, OrganizerFactory, QuestionFactory, StepFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="reglement.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def lock_form(call):
    """What the first submission does to a call (submissions sets it, never calls)."""
    Call.objects.filter(pk=call.pk).update(form_locked_at=timezone.now())
    call.refresh_from_db()
    return call


@pytest.fixture
def organizer():
    return OrganizerFactory()


@pytest.fixture
def organizer_call(organizer):
    """A published, open call run by `organizer`."""
    return CallFactory(organizers=[organizer])


@pytest.fixture
def choice_question(organizer_call):
    step = StepFactory(call=organizer_call)
    return QuestionFactory(
        step=step,
        kind=QuestionKind.CHOICE,
        choices=[
            {"value": "argan", "fr": "Argan", "ar": "أركان", "en": "Argan"},
            {"value": "safran", "fr": "Safran", "ar": "زعفران", "en": "Saffron"},
        ],
    )


@pytest.fixture
def june_dates():
    """Dates outside Ramadan, when Morocco is at UTC+1."""
    opens = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
    return {"opens_at": opens, "closes_at": opens + datetime.timedelta(days=30)}
