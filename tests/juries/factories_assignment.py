"""A jury with members and applications, for the assignment tests.

Applications are started and submitted through the submissions services (a call with no
questions) and screened by the organizer through `application_transition`; evaluations
are plain rows, since all the assignment reads of them is whether they exist and whether
they were submitted. Nobody here logs in: people get unusable passwords, which skips the
slow password hashing.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.enums import Region, Sector
from calls.enums import RoundKind
from calls.models import Round
from juries.enums import EvaluationStatus
from juries.models import Evaluation, JurorProfile, Jury, JuryMember
from submissions import services as submissions
from submissions.enums import ApplicationStatus
from tests.factories import CallFactory, JurorFactory, OrganizationFactory, OrganizerFactory

S = ApplicationStatus
# The screening decisions that lead a submitted application to a status.
PATH = {
    S.SUBMITTED: (),
    S.SHORTLISTED: (S.ELIGIBLE, S.SHORTLISTED),
    S.FINALIST: (S.ELIGIBLE, S.SHORTLISTED, S.FINALIST),
    S.WINNER: (S.ELIGIBLE, S.SHORTLISTED, S.WINNER),
    S.SPECIAL_MENTION: (S.ELIGIBLE, S.SHORTLISTED, S.SPECIAL_MENTION),
    S.NOT_SELECTED: (S.ELIGIBLE, S.NOT_SELECTED),
}


@dataclass
class Scene:
    call: object
    round: object
    jury: object
    organizer: object
    members: list = field(default_factory=list)
    applications: list = field(default_factory=list)


def build_scene(
    *, applications=0, jurors=0, k=2, cap=20, round_kind=RoundKind.SCREENING, prefix="ASG"
) -> Scene:
    organizer = OrganizerFactory(password=None)
    call = CallFactory(organizers=[organizer], reference_prefix=prefix)
    round_ = Round.objects.create(call=call, kind=round_kind, position=1)
    jury = Jury.objects.create(call=call, round=round_, jurors_per_application=k)
    scene = Scene(call=call, round=round_, jury=jury, organizer=organizer)
    for _ in range(jurors):
        add_member(scene, cap=cap)
    for _ in range(applications):
        add_application(scene)
    return scene


def add_member(
    scene: Scene, *, cap=20, sectors=(), regions=(), languages=(), user=None
) -> JuryMember:
    user = user or JurorFactory(password=None)
    JurorProfile.objects.update_or_create(
        user=user,
        defaults={
            "expertise_sectors": list(sectors),
            "regions": list(regions),
            "languages": list(languages),
        },
    )
    member = JuryMember.objects.create(jury=scene.jury, user=user, max_assignments=cap)
    scene.members.append(member)
    return member


def add_application(
    scene: Scene,
    *,
    status=ApplicationStatus.ELIGIBLE,
    sector=Sector.SAFFRON,
    region=Region.DRAA_TAFILALET,
    language="fr",
    organization=None,
):
    organization = organization or OrganizationFactory(
        sector=sector, region=region, owner__password=None
    )
    applicant = organization.owner
    if applicant.language != language:
        applicant.language = language
        applicant.save(update_fields=["language"])
    application = submissions.application_start(call=scene.call, applicant=applicant)
    application = submissions.application_submit(
        application=application, actor=applicant, answers={}, notify=False
    )
    for step in PATH.get(status, (status,)):
        application = submissions.application_transition(
            application=application, to=step, actor=scene.organizer
        )
    scene.applications.append(application)
    return application


def evaluate(assignment, *, submitted=False) -> Evaluation:
    now = timezone.now()
    return Evaluation.objects.create(
        assignment=assignment,
        status=EvaluationStatus.SUBMITTED if submitted else EvaluationStatus.DRAFT,
        submitted_at=now if submitted else None,
    )
