"""A call seen from its back-office: an organizer, a form with a text question and two file
questions, two eligibility rules, a round with its jury and a two-criterion grid, and
helpers that submit applications through the submissions services and score them through
the evaluation services.

The grid: "Impact" weighs 60 % and "Viabilité" 40 %, both scored 0 to 10, so a juror's
total out of 100 is 6 × impact + 4 × viability (10/10 → 100, 5/5 → 50, 10/5 → 80).

`bulk_applications` writes received application rows straight to the database (no
history, no answers), for tests of counts and of pages with hundreds of applications.
Nobody here types a password: pages are opened with `force_login`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.enums import LegalForm, Region, Sector
from accounts.models import User
from calls import services as call_services
from calls.enums import QuestionKind, RoundKind, RuleKind
from juries.enums import MemberRole
from juries.models import Assignment, JuryMember
from juries.services import assignment as assignment_services
from juries.services import evaluation as evaluation_services
from juries.services import panel as panel_services
from submissions import services as submissions
from submissions.enums import ApplicationStatus
from submissions.models import Application
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    StepFactory,
)
from tests.juries.panel_fixtures import add_criterion
from tests.submissions.conftest import pdf_upload

S = ApplicationStatus
DAY = datetime.timedelta(days=1)


@dataclass
class Scene:
    call: object
    organizer: object
    questions: dict
    round: object = None
    jury: object = None
    criteria: list = field(default_factory=list)
    members: list = field(default_factory=list)
    applications: list = field(default_factory=list)

    def url(self, name, *args):
        from django.urls import reverse

        return reverse(f"applications_manage:{name}", args=[self.call.slug, *args])


def make_scene(**call):
    organizer = OrganizerFactory(password=None)
    call = CallFactory(organizers=[organizer], reference_prefix="MAN", **call)
    project = StepFactory(call=call, position=1, title_fr="Le projet")
    documents = StepFactory(call=call, position=2, title_fr="Pièces")
    questions = {
        "project": QuestionFactory(
            step=project, kind=QuestionKind.LONG_TEXT, position=1, label_en="The project"
        ),
        "statutes": QuestionFactory(
            step=documents,
            kind=QuestionKind.FILE,
            file_types=["pdf"],
            position=1,
            label_en="Statutes",
        ),
        "photos": QuestionFactory(
            step=documents,
            kind=QuestionKind.FILE,
            file_types=["pdf"],
            required=False,
            max_files=2,
            position=2,
            label_en="Photos",
        ),
    }
    EligibilityRuleFactory(call=call, kind=RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE])
    EligibilityRuleFactory(call=call, kind=RuleKind.WOMEN_SHARE_MIN, choices=[], number=50)
    scene = Scene(call=call, organizer=organizer, questions=questions)
    call_services.rounds_save(
        call=call, actor=organizer, rows=[(None, {"kind": RoundKind.SCREENING, "position": 1})]
    )
    scene.round = call.rounds.get(kind=RoundKind.SCREENING)
    scene.jury = panel_services.jury_save(
        round=scene.round,
        actor=organizer,
        deadline=timezone.now() + 10 * DAY,
        jurors_per_application=2,
        scores_visible_after_submit=False,
    )
    scene.criteria = [
        add_criterion(scene, label="Impact", weight=60, high=10),
        add_criterion(scene, label="Viabilité", weight=40, high=10),
    ]
    return scene


@pytest.fixture
def scene(db):
    return make_scene()


def submit(
    scene,
    *,
    name=None,
    project="Séchoir solaire collectif pour le safran",
    files=("statutes",),
    language="fr",
    **profile,
):
    """An application submitted through the services, with a PDF for each of `files`."""
    values = {"name": name} if name else {}
    organization = OrganizationFactory(owner__password=None, **values, **profile)
    applicant = organization.owner
    if applicant.language != language:
        User.objects.filter(pk=applicant.pk).update(language=language)
        applicant.language = language
    application = submissions.application_start(call=scene.call, applicant=applicant)
    for key in files:
        submissions.attachment_add(
            application=application,
            question=scene.questions[key],
            uploaded_file=pdf_upload(f"{key}.pdf"),
            actor=applicant,
        )
    application = submissions.application_submit(
        application=application,
        actor=applicant,
        answers={scene.questions["project"].pk: project},
        notify=False,
    )
    application.refresh_from_db()
    scene.applications.append(application)
    return application


def screen(application, *path, actor=None):
    for status in path:
        application = submissions.application_transition(
            application=application, to=status, actor=actor
        )
    application.refresh_from_db()
    return application


def add_juror(scene, *, user=None, role=MemberRole.MEMBER, name=None):
    values = {"full_name": name} if name else {}
    user = user or JurorFactory(password=None, **values)
    member = JuryMember.objects.create(jury=scene.jury, user=user, role=role, max_assignments=500)
    scene.members.append(member)
    return member


def assign(scene, member, application):
    existing = Assignment.objects.filter(member=member, application=application).first()
    return existing or assignment_services.assignment_add(
        jury=scene.jury, member=member, application=application, actor=scene.organizer
    )


def grade(scene, member, application, impact, viability, *, submit=True):
    """`member` scores `application` (assigned first): total 6·impact + 4·viability."""
    assignment = assign(scene, member, application)
    juror = member.user
    evaluation = evaluation_services.evaluation_start(assignment=assignment, actor=juror)
    first, second = scene.criteria
    evaluation = evaluation_services.evaluation_save(
        evaluation=evaluation,
        actor=juror,
        version=evaluation.version,
        scores={
            first.pk: evaluation_services.ScoreInput(Decimal(str(impact))),
            second.pk: evaluation_services.ScoreInput(Decimal(str(viability))),
        },
        overall_comment="",
    )
    if submit:
        evaluation = evaluation_services.evaluation_submit(
            evaluation=evaluation, actor=juror, version=evaluation.version
        )
    return evaluation


REGIONS = [Region.SOUSS_MASSA, Region.ORIENTAL, Region.DRAA_TAFILALET]
SECTORS = [Sector.ARGAN, Sector.SAFFRON, Sector.HONEY]


def bulk_applications(call, count, *, status=S.SUBMITTED, start=1, **profile):
    """`count` received applications written in a few queries (users, then applications):
    each with its profile snapshot, submitted yesterday; `profile` overrides the
    snapshot's fields for all of them."""
    now = timezone.now()
    stamp = f"{call.pk}-{start}-{now.timestamp():.0f}"
    users = User.objects.bulk_create(
        [
            User(email=f"bulk-{stamp}-{n}@example.ma", full_name=f"Applicant {n}", password="!")
            for n in range(start, start + count)
        ]
    )
    if not users[0].pk:  # backends that do not return ids
        users = list(User.objects.filter(email__startswith=f"bulk-{stamp}-").order_by("pk"))
    rows = []
    for offset, user in enumerate(users):
        n = start + offset
        snapshot = {
            "name": f"Coopérative {n:04d}",
            "legal_form": LegalForm.COOPERATIVE,
            "region": REGIONS[n % len(REGIONS)],
            "sector": SECTORS[n % len(SECTORS)],
            "members_count": 20,
            "women_members_count": 15,
            "youth_members_count": 5,
            "founded_on": "2019-03-14",
            **profile,
        }
        rows.append(
            Application(
                call=call,
                applicant=user,
                status=status,
                reference=f"{call.reference_prefix}-2026-{n:04d}",
                reference_number=n,
                profile_snapshot={"profile": snapshot, "declarations": {}},
                eligible_at_submission=True,
                submitted_at=now - DAY + datetime.timedelta(seconds=n),
                last_submitted_at=now - DAY + datetime.timedelta(seconds=n),
                created_at=now - 2 * DAY,
            )
        )
    Application.objects.bulk_create(rows, batch_size=500)
    return list(
        Application.objects.filter(call=call, reference_number__gte=start).order_by(
            "reference_number"
        )[:count]
    )
