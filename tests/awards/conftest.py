"""A call brought to its deliberation the way organizers and jurors get there: prize
categories, a round with its jury and a two-criterion grid made through the back-office
services, applications submitted through the submissions services (so each carries its
organization's profile snapshot) and screened, jurors seated on the jury, assignments added
by hand and evaluations scored and submitted through the evaluation services.

The grid: "Impact" weighs 60 % and "Viabilité" 40 %, both scored 0 to 10, so a juror's
total out of 100 is 6 × impact + 4 × viability (10/10 → 100, 5/5 → 50, 10/5 → 80).

Nobody here types a password (unusable ones skip the slow hashing): page tests log people
in with `force_login`. No fixture here is autouse: other modules of this folder share it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.enums import Region
from awards.enums import Outcome
from awards.services.deliberation import decision_record, deliberation_lock, deliberation_of
from awards.services.policy import policy_of
from calls import services as call_services
from calls.enums import RoundKind
from juries.enums import MemberRole
from juries.models import Assignment, JuryMember
from juries.services import assignment as assignment_services
from juries.services import evaluation as evaluation_services
from juries.services import panel as panel_services
from submissions import services as submissions
from submissions.enums import ApplicationStatus
from tests.factories import (
    CallFactory,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    PrizeCategoryFactory,
)
from tests.juries.panel_fixtures import add_criterion

S = ApplicationStatus
DAY = datetime.timedelta(days=1)
WHY = "Le jury salue la solidité du projet."
# The screening decisions that take a submitted application to a status.
PATH = {
    S.SUBMITTED: (),
    S.ELIGIBLE: (S.ELIGIBLE,),
    S.INELIGIBLE: (S.INELIGIBLE,),
    S.SHORTLISTED: (S.ELIGIBLE, S.SHORTLISTED),
    S.FINALIST: (S.ELIGIBLE, S.SHORTLISTED, S.FINALIST),
}


@dataclass
class Scene:
    """One round of a call, its jury and grid, and the call's applications."""

    call: object
    round: object
    jury: object
    organizer: object
    criteria: list = field(default_factory=list)
    members: list = field(default_factory=list)  # the chair first, when there is one
    applications: list = field(default_factory=list)
    prizes: list = field(default_factory=list)  # first prize first

    @property
    def chair(self):
        return next(m for m in self.members if m.role == MemberRole.CHAIR)

    @property
    def juror(self):
        """A member who is not the chair."""
        return next(m for m in self.members if m.role != MemberRole.CHAIR)

    @property
    def policy(self):
        return policy_of(self.call)


def add_application(
    scene,
    *,
    status=S.ELIGIBLE,
    name=None,
    region=Region.SOUSS_MASSA,
    language="fr",
    organization=None,
    **profile,
):
    """An application submitted while the call is open, then screened to `status`."""
    if organization is None:
        values = {"name": name} if name else {}
        organization = OrganizationFactory(owner__password=None, region=region, **values, **profile)
    applicant = organization.owner
    if applicant.language != language:
        applicant.language = language
        applicant.save(update_fields=["language"])
    application = submissions.application_start(call=scene.call, applicant=applicant)
    application = submissions.application_submit(
        application=application, actor=applicant, answers={}, notify=False
    )
    for step in PATH[status]:
        application = submissions.application_transition(
            application=application, to=step, actor=scene.organizer
        )
    application.refresh_from_db()
    scene.applications.append(application)
    return application


def add_juror(scene, *, role=MemberRole.MEMBER, user=None):
    user = user or JurorFactory(password=None)
    member = JuryMember.objects.create(jury=scene.jury, user=user, role=role, max_assignments=200)
    scene.members.append(member)
    return member


def add_round(scene, *, kind, position, jurors=True):
    """A later round of the same call with its own jury and grid; its members are the same
    people (the same chair) when `jurors`."""
    later = Scene(
        call=scene.call,
        round=None,
        jury=None,
        organizer=scene.organizer,
        applications=scene.applications,
        prizes=scene.prizes,
    )
    _round_with_jury(later, kind=kind, position=position)
    if jurors:
        for member in scene.members:
            add_juror(later, role=member.role, user=member.user)
    return later


def _round_with_jury(scene, *, kind, position):
    call_services.rounds_save(
        call=scene.call, actor=scene.organizer, rows=[(None, {"kind": kind, "position": position})]
    )
    scene.round = scene.call.rounds.get(kind=kind)
    scene.jury = panel_services.jury_save(
        round=scene.round,
        actor=scene.organizer,
        deadline=timezone.now() + 10 * DAY,
        jurors_per_application=2,
        scores_visible_after_submit=False,
    )
    scene.criteria = [
        add_criterion(scene, label="Impact", weight=60, high=10),
        add_criterion(scene, label="Viabilité", weight=40, high=10),
    ]


def assign(scene, member, application):
    existing = Assignment.objects.filter(member=member, application=application).first()
    return existing or assignment_services.assignment_add(
        jury=scene.jury, member=member, application=application, actor=scene.organizer
    )


def grade(scene, member, application, impact, viability, *, submit=True, comment=""):
    """`member` scores `application` (assigned first if needed): total 6·impact + 4·viability."""
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
        overall_comment=comment,
    )
    if submit:
        evaluation = evaluation_services.evaluation_submit(
            evaluation=evaluation, actor=juror, version=evaluation.version
        )
    return evaluation


def set_policy(call, **values):
    """The call's ranking rules as a test needs them (the service refuses once the call has
    opened: applicants know the rules; tests set them afterwards)."""
    policy = policy_of(call)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def build_scene(
    *,
    applications=0,
    jurors=2,
    chair=True,
    kind=RoundKind.SCREENING,
    blind=False,
    prizes=((1, 120_000), (1, 60_000)),
    prefix="DLB",
):
    """An open call with prize categories (count, amount), first prize first; one round of
    `kind` with its jury and grid; `jurors` jurors (the first the chair when `chair`); and
    `applications` eligible applications from organizations of different regions."""
    organizer = OrganizerFactory(password=None)
    call = CallFactory(organizers=[organizer], reference_prefix=prefix, blind_review=blind)
    scene = Scene(call=call, round=None, jury=None, organizer=organizer)
    labels = ["Premier prix", "Deuxième prix", "Troisième prix"]
    scene.prizes = [
        PrizeCategoryFactory(
            call=call, rank=rank, count=count, amount_mad=amount, label_fr=labels[rank - 1]
        )
        for rank, (count, amount) in enumerate(prizes, start=1)
    ]
    _round_with_jury(scene, kind=kind, position=1)
    for index in range(jurors):
        add_juror(scene, role=MemberRole.CHAIR if chair and index == 0 else MemberRole.MEMBER)
    regions = list(Region.values)
    for index in range(applications):
        add_application(scene, region=regions[index % len(regions)])
    return scene


# The default scores of `scored`: (application, impact, viability) per juror.
#   A: 90 and 80 (mean 85) · B: 80 and 70 (75) · C: 60 and 60 (60) · D: 40 and 50 (45)
SCORES = {
    0: [(9, 9), (8, 8)],
    1: [(8, 8), (7, 7)],
    2: [(6, 6), (6, 6)],
    3: [(4, 4), (5, 5)],
}


def scored_scene(**options):
    """Four eligible applications A–D, each scored by the chair and the other juror as in
    `SCORES`: ranked A, B, C, D. Two prizes (first and second, one each)."""
    scene = build_scene(applications=4, **options)
    for index, marks in SCORES.items():
        for member, (impact, viability) in zip(scene.members, marks, strict=True):
            grade(scene, member, scene.applications[index], impact, viability, comment="Solide.")
    return scene


def decide_all(scene, *, actor=None, justification=WHY):
    """A the first prize, B a special mention, C and D not selected (not locked)."""
    deliberation = deliberation_of(scene.call)
    a, b, c, d = scene.applications[:4]
    for application, outcome, prize in (
        (a, Outcome.PRIZE, scene.prizes[0]),
        (b, Outcome.SPECIAL_MENTION, None),
        (c, Outcome.NOT_SELECTED, None),
        (d, Outcome.NOT_SELECTED, None),
    ):
        decision_record(
            deliberation=deliberation,
            application=application,
            outcome=outcome,
            prize_category=prize,
            justification=justification,
            actor=actor or scene.organizer,
        )
    return deliberation


def locked_scene(**options):
    """The scored scene decided (`decide_all`) and locked. A's applicant reads Arabic, B's
    English, the others French. Besides A–D, none of them ranked: `scene.ineligible`,
    `scene.withdrawn` and `scene.draft`; `scene.received` lists the five received (A–D and
    the ineligible one)."""
    scene = scored_scene(**options)
    a, b = scene.applications[:2]
    for application, language in ((a, "ar"), (b, "en")):
        application.applicant.language = language
        application.applicant.save(update_fields=["language"])
    scene.ineligible = add_application(scene, status=S.INELIGIBLE)
    scene.withdrawn = add_application(scene)
    submissions.application_withdraw(application=scene.withdrawn, actor=scene.withdrawn.applicant)
    applicant = OrganizationFactory(owner__password=None).owner
    scene.draft = submissions.application_start(call=scene.call, applicant=applicant)
    deliberation_lock(deliberation=decide_all(scene), actor=scene.organizer)
    scene.received = [*scene.applications[:4], scene.ineligible]
    return scene


@pytest.fixture
def scene(db):
    """The scored scene: four applications ranked A (85), B (75), C (60), D (45)."""
    return scored_scene()


@pytest.fixture
def locked(db):
    """`locked_scene()`: decided and locked, results not published."""
    return locked_scene()
