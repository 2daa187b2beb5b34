"""A call with applications sent through the submissions services, a jury of one round
with its grid, jurors and assignments (rows made directly: the organizers' services are
built elsewhere). The organization's identity is planted everywhere an applicant could
put it, for the blind-review tests to look for.

A test module imports `scene_fixture` (the `scene` fixture) and `_english` (autouse).
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from calls.enums import QuestionKind, RoundKind
from calls.models import Round
from juries.enums import AssignmentSource, MemberRole
from juries.models import Assignment, Criterion, Jury, JuryMember
from submissions import services as submissions
from tests.factories import (
    CallFactory,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    StepFactory,
)
from tests.submissions.conftest import MINIMAL_PDF, jpeg_bytes, pdf_upload

ORGANIZATION_NAME = "Coopérative Tafoukt Imintanout"
REGISTRATION = "ODCO-2019-77341"
PHONE = "+212661234567"
APPLICANT_EMAIL = "presidente@tafoukt-coop.ma"
FILE_NAMES = ("Statuts Tafoukt Imintanout.pdf", "photo-atelier-tafoukt.jpg")
# What must never reach a juror under blind review (the phone also in its national form).
IDENTIFYING = (
    ORGANIZATION_NAME,
    REGISTRATION,
    PHONE,
    "0661234567",
    "06 61 23 45 67",
    APPLICANT_EMAIL,
    *FILE_NAMES,
    "Tafoukt",  # in the name, the e-mail's domain and both file names as stored
    "Imintanout",
    "photo-atelier",
)


@dataclass
class Scene:
    call: object
    round: object
    jury: object
    organizer: object
    questions: dict
    criteria: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    # The scene's juror, their membership, one application and its assignment.
    member: object = None
    juror: object = None
    application: object = None
    assignment: object = None


def build_call(*, blind=True, criteria=3, deadline_days=7, scores_visible=False, prefix="LAM"):
    """An open call (so applications can be submitted through the services), one final
    round with its jury and a grid of `criteria` criteria."""
    organizer = OrganizerFactory()
    call = CallFactory(
        blind_review=blind, reference_prefix=prefix, organizers=[organizer], attachment_max_mb=10
    )
    project = StepFactory(call=call, position=1, title_fr="Le projet")
    documents = StepFactory(call=call, position=2, title_fr="Documents")
    questions = {
        "project": QuestionFactory(
            step=project, kind=QuestionKind.SHORT_TEXT, position=1, label_en="Project title"
        ),
        "story": QuestionFactory(
            step=project,
            kind=QuestionKind.LONG_TEXT,
            position=2,
            word_limit=200,
            label_en="Your story",
        ),
        "budget": QuestionFactory(
            step=project, kind=QuestionKind.NUMBER, position=3, label_en="Budget (MAD)"
        ),
        "statutes": QuestionFactory(
            step=documents, kind=QuestionKind.FILE, file_types=["pdf"], position=1
        ),
        "photos": QuestionFactory(
            step=documents,
            kind=QuestionKind.FILE,
            file_types=["jpeg", "png"],
            required=False,
            max_files=3,
            position=2,
        ),
    }
    round_ = Round.objects.create(call=call, kind=RoundKind.FINAL, position=1)
    jury = Jury.objects.create(
        call=call,
        round=round_,
        deadline=timezone.now() + datetime.timedelta(days=deadline_days),
        scores_visible_after_submit=scores_visible,
    )
    scene = Scene(call=call, round=round_, jury=jury, organizer=organizer, questions=questions)
    # A usable grid: the weights add up to 100 %.
    weights = [100 // criteria + (100 % criteria if n == 1 else 0) for n in range(1, criteria + 1)]
    scene.criteria = [
        add_criterion(
            scene,
            position=n,
            label=f"Criterion {n}",
            guidance=f"What {n} looks like",
            weight=weights[n - 1],
        )
        for n in range(1, criteria + 1)
    ]
    return scene


def add_criterion(scene, *, position, label, guidance="", weight=10, low=0, high=5):
    return Criterion.objects.create(
        round=scene.round,
        position=position,
        label=label,
        guidance=guidance,
        weight=weight,
        min_score=low,
        max_score=high,
    )


def submit_application(scene, *, organization=None, identity=False, photo=True):
    """An application submitted through the services, with its documents. `identity`
    plants the organization's name, phone, e-mail and registration number in its answers
    and file names, as an applicant might."""
    organization = organization or OrganizationFactory()
    applicant = organization.owner
    q = scene.questions
    application = submissions.application_start(call=scene.call, applicant=applicant)
    names = FILE_NAMES if identity else ("statuts.pdf", "photo.jpg")
    submissions.attachment_add(
        application=application,
        question=q["statutes"],
        uploaded_file=pdf_upload(names[0], MINIMAL_PDF),
        actor=applicant,
    )
    if photo:
        submissions.attachment_add(
            application=application,
            question=q["photos"],
            uploaded_file=SimpleUploadedFile(names[1], jpeg_bytes(40, 30), "image/jpeg"),
            actor=applicant,
        )
    story = "Nous séchons le safran au soleil."
    if identity:
        story += (
            f" Écrivez à {organization.owner.email} ou appelez le 06 61 23 45 67 "
            f"({organization.contact_phone}); {organization.name.upper()} est inscrite "
            f"sous le numéro {organization.registration_number}. "
            f"Site : www.{organization.owner.email.split('@')[1]}"
        )
    submissions.application_submit(
        application=application,
        actor=applicant,
        answers={
            q["project"].pk: "Séchoir solaire collectif",
            q["story"].pk: story,
            q["budget"].pk: "85000",
        },
        notify=False,
    )
    application.refresh_from_db()
    scene.applications.append(application)
    return application


def identified_organization():
    """The organization whose identity the blind-review tests look for."""
    return OrganizationFactory(
        name=ORGANIZATION_NAME,
        registration_number=REGISTRATION,
        contact_phone=PHONE,
        owner__email=APPLICANT_EMAIL,
        province="Chichaoua",
    )


def add_juror(scene, *, role=MemberRole.MEMBER, user=None, active=True):
    user = user or JurorFactory()
    return JuryMember.objects.create(jury=scene.jury, user=user, role=role, is_active=active)


def assign(scene, member, application):
    return Assignment.objects.create(
        jury=scene.jury,
        member=member,
        application=application,
        source=AssignmentSource.MANUAL,
        created_by=scene.organizer,
    )


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages read in English (pages under /en/ and services' errors); people log in
    with `force_login`, so their passwords are hashed the quick way."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture(name="scene")
def scene_fixture(db):
    """A blind call, three criteria, one juror with one assignment."""
    scene = build_call(blind=True)
    application = submit_application(scene, organization=identified_organization(), identity=True)
    member = add_juror(scene)
    scene.member = member
    scene.juror = member.user
    scene.application = application
    scene.assignment = assign(scene, member, application)
    return scene
