"""A prize call brought to its deliberation, for the results journey: built the way
organizers, applicants and jurors get there, through the services.

Two prizes (first: 100,000 MAD, second: 70,000 MAD, one each); a final round with its jury
(a chair and two members) and a three-criterion grid; five cooperatives that applied while
the call was open, were screened and reached the final; every juror scored every
application and submitted. The call is closed since.

The grid: "Impact social" weighs 40 %, "Viabilité économique" and "Participation des
femmes" 30 % each, all scored 0 to 10, so a juror's total out of 100 is 4a + 3b + 3c.
`TOTALS` gives each juror's total per application, hence a clear ranking: the means are
85, 75, 65, 55 and 40, and the jurors never more than 10 points apart (no flag).

Only those who log in during the journey (the organizer, the chair and the two applicants
the journey follows) have a password: the factories' one.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation

from calls import services as call_services
from calls.enums import RoundKind
from calls.models import Call
from juries.enums import MemberRole
from juries.models import JuryMember
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

DAY = datetime.timedelta(days=1)
PREFIX = "LAM"

CALL_TITLES = {
    "fr": "Prix Lalla Al Moutaaouina 2026",
    "ar": "جائزة للا المتعاونة 2026",
    "en": "Lalla Al Moutaaouina prize 2026",
}

# (rank, count, amount in MAD, labels by language)
PRIZES = [
    (1, 1, 100_000, {"fr": "Premier prix", "ar": "الجائزة الأولى", "en": "First prize"}),
    (2, 1, 70_000, {"fr": "Deuxième prix", "ar": "الجائزة الثانية", "en": "Second prize"}),
]

# (label fr, label ar, weight)
CRITERIA = [
    ("Impact social", "الأثر الاجتماعي", 40),
    ("Viabilité économique", "الجدوى الاقتصادية", 30),
    ("Participation des femmes", "مشاركة النساء", 30),
]


@dataclass(frozen=True)
class Applicant:
    organization: str
    full_name: str  # the account's owner, who applied
    email: str
    language: str
    region: str
    logs_in: bool = False


# In the order the jury ranks them (first the best).
APPLICANTS = [
    Applicant(
        "Coopérative Tafoukt Imintanout",
        "Khadija Ouzzine",
        "presidente@tafoukt-coop.ma",
        "fr",
        "marrakech-safi",
        logs_in=True,
    ),
    Applicant(
        "Coopérative Argan Tamanar",
        "Latifa Bouhia",
        "bureau@argan-tamanar.ma",
        "fr",
        "marrakech-safi",
    ),
    Applicant(
        "تعاونية تيفاوين للزعفران",
        "فاطمة الزهراء آيت لحسن",
        "tifawin@taliouine-coop.ma",
        "ar",
        "souss-massa",
        logs_in=True,
    ),
    Applicant(
        "Association Amal Tiznit", "Aicha Belkadi", "contact@amal-tiznit.org", "fr", "souss-massa"
    ),
    Applicant(
        "تعاونية أركان إداوتنان", "مينة أوبلا", "idaoutanane@argan-coop.ma", "ar", "souss-massa"
    ),
]

# Each juror's scores (a, b, c) per application, chair first: totals 4a + 3b + 3c.
#   1st: 90, 85, 80 (mean 85) · 2nd: 80, 75, 70 (75) · 3rd: 70, 65, 60 (65)
#   4th: 50, 55, 60 (55) · 5th: 40, 45, 35 (40)
SCORES = [
    [(9, 9, 9), (10, 7, 8), (8, 8, 8)],
    [(8, 8, 8), (9, 6, 7), (7, 7, 7)],
    [(7, 7, 7), (5, 7, 8), (6, 6, 6)],
    [(5, 5, 5), (7, 4, 5), (6, 6, 6)],
    [(4, 4, 4), (6, 3, 4), (5, 2, 3)],
]
MEANS = [85, 75, 65, 55, 40]
OVERALL_COMMENTS = [
    "Projet exemplaire, fort ancrage local.",
    "Projet solide, débouchés réels.",
    "Belle dynamique féminine, modèle économique à consolider.",
    "Projet utile mais encore fragile.",
    "Idée intéressante, plan d'action trop vague.",
]


@dataclass
class ResultsScene:
    call: Call
    round: object
    jury: object
    organizer: object
    chair: object  # users
    members: list = field(default_factory=list)
    criteria: list = field(default_factory=list)
    prizes: list = field(default_factory=list)  # first prize first
    applications: list = field(default_factory=list)  # in the jury's ranking order

    @property
    def winner(self):
        """First prize; its applicant writes in French and follows the journey."""
        return self.applications[0]

    @property
    def runner_up(self):
        return self.applications[1]

    @property
    def mention(self):
        """Third: the chair gives it a special mention; its applicant writes in Arabic."""
        return self.applications[2]


def _apply(call, applicant: Applicant, organizer):
    """An application submitted while the call is open, screened and taken to the final."""
    owner = {
        "email": applicant.email,
        "full_name": applicant.full_name,
        "language": applicant.language,
    }
    if not applicant.logs_in:
        owner["password"] = None
    organization = OrganizationFactory(
        name=applicant.organization,
        region=applicant.region,
        **{f"owner__{key}": value for key, value in owner.items()},
    )
    application = submissions.application_start(call=call, applicant=organization.owner)
    application = submissions.application_submit(
        application=application, actor=organization.owner, answers={}, notify=False
    )
    for status in (
        ApplicationStatus.ELIGIBLE,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.FINALIST,
    ):
        application = submissions.application_transition(
            application=application, to=status, actor=organizer
        )
    application.refresh_from_db()
    return application


def _criteria(round_, organizer):
    return [
        panel_services.criterion_save(
            round=round_,
            actor=organizer,
            label_fr=label_fr,
            label_ar=label_ar,
            label_en="",
            guidance_fr="",
            guidance_ar="",
            guidance_en="",
            weight=weight,
            min_score=0,
            max_score=10,
        )
        for label_fr, label_ar, weight in CRITERIA
    ]


def _score(jury, organizer, member, application, criteria, values, comment):
    assignment = assignment_services.assignment_add(
        jury=jury, member=member, application=application, actor=organizer
    )
    juror = member.user
    evaluation = evaluation_services.evaluation_start(assignment=assignment, actor=juror)
    evaluation = evaluation_services.evaluation_save(
        evaluation=evaluation,
        actor=juror,
        version=evaluation.version,
        scores={
            criterion.pk: evaluation_services.ScoreInput(Decimal(value))
            for criterion, value in zip(criteria, values, strict=True)
        },
        overall_comment=comment,
    )
    evaluation_services.evaluation_submit(
        evaluation=evaluation, actor=juror, version=evaluation.version
    )


def results_scene() -> ResultsScene:
    """The prize call, closed, its final round scored by the whole jury, nothing decided."""
    with translation.override("fr"):
        organizer = OrganizerFactory(full_name="Salma Organisatrice", email="salma@odco.ma")
        call = CallFactory(
            organizers=[organizer],
            blind_review=False,
            reference_prefix=PREFIX,
            **{f"title_{code}": title for code, title in CALL_TITLES.items()},
        )
        prizes = [
            PrizeCategoryFactory(
                call=call,
                rank=rank,
                count=count,
                amount_mad=amount,
                **{f"label_{code}": label for code, label in labels.items()},
            )
            for rank, count, amount, labels in PRIZES
        ]
        applications = [_apply(call, applicant, organizer) for applicant in APPLICANTS]
        call_services.rounds_save(
            call=call, actor=organizer, rows=[(None, {"kind": RoundKind.FINAL, "position": 0})]
        )
        round_ = call.rounds.get(kind=RoundKind.FINAL)
        jury = panel_services.jury_save(
            round=round_,
            actor=organizer,
            deadline=timezone.now() + 10 * DAY,
            jurors_per_application=3,
            scores_visible_after_submit=False,
        )
        criteria = _criteria(round_, organizer)
        chair = JurorFactory(
            email="youssef.alami@inra-agadir.ma", full_name="Youssef Alami", language="fr"
        )
        people = [
            (chair, MemberRole.CHAIR),
            (JurorFactory(password=None, full_name="Nadia Bennani"), MemberRole.MEMBER),
            (JurorFactory(password=None, full_name="Omar Chraibi"), MemberRole.MEMBER),
        ]
        members = [
            JuryMember.objects.create(jury=jury, user=user, role=role, max_assignments=20)
            for user, role in people
        ]
        for application, marks, comment in zip(applications, SCORES, OVERALL_COMMENTS, strict=True):
            for member, values in zip(members, marks, strict=True):
                _score(jury, organizer, member, application, criteria, values, comment)
        Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - DAY)
    call.refresh_from_db()
    for application in applications:
        application.refresh_from_db()
    return ResultsScene(
        call=call,
        round=round_,
        jury=jury,
        organizer=organizer,
        chair=chair,
        members=members,
        criteria=criteria,
        prizes=prizes,
        applications=applications,
    )
