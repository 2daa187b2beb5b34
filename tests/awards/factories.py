"""Deliberations, decisions and results publications, for the results tests.

Applications are submitted through the submissions services and screened eligible; a
decided call is locked the way `deliberation_lock` leaves it (every decided application
in its final status) without the juries and scores the real lock ranks, and its results
are published through the publication services. Nobody here types a password: tests log
people in with `force_login`, which skips the slow hashing.
"""

import datetime
from dataclasses import dataclass

import factory
from django.utils import timezone

from awards.enums import Outcome
from awards.models import Decision, Deliberation, ResultsPublication
from awards.services.deliberation import FINAL_STATUS
from awards.services.publication import publication_save, results_publish
from calls.enums import RoundKind
from calls.models import Call, Round
from submissions import services as submissions
from submissions.enums import ApplicationStatus
from tests.factories import CallFactory, OrganizationFactory, PrizeCategoryFactory

DAY = datetime.timedelta(days=1)
# What the results page must never show: the jury's private reasons.
JUSTIFICATION = "Motif interne du jury, jamais publié."


def eligible_application(call: Call, *, applicant=None, name: str | None = None, **organization):
    """An application to `call` (open), submitted and screened eligible: `applicant`'s, or
    a new organization's."""
    if applicant is None:
        if name is not None:
            organization["name"] = name
        applicant = OrganizationFactory(owner__password=None, **organization).owner
    application = submissions.application_start(call=call, applicant=applicant)
    application = submissions.application_submit(
        application=application, actor=applicant, answers={}, notify=False
    )
    return submissions.application_transition(
        application=application, to=ApplicationStatus.ELIGIBLE, actor=None
    )


def final_round(call: Call) -> Round:
    return Round.objects.get_or_create(call=call, kind=RoundKind.FINAL, defaults={"position": 1})[0]


class DeliberationFactory(factory.django.DjangoModelFactory):
    """Open by default; `locked=True` gives a locked one (minutes written)."""

    class Meta:
        model = Deliberation

    call = factory.SubFactory(CallFactory)
    round = factory.LazyAttribute(lambda o: final_round(o.call))

    class Params:
        locked = factory.Trait(
            locked_at=factory.LazyFunction(timezone.now),
            minutes=factory.LazyFunction(lambda: {"rows": []}),
        )


class DecisionFactory(factory.django.DjangoModelFactory):
    """A prize by default, in a new category of the call unless one is given."""

    class Meta:
        model = Decision

    deliberation = factory.SubFactory(DeliberationFactory)
    application = factory.LazyAttribute(lambda o: eligible_application(o.deliberation.call))
    outcome = Outcome.PRIZE
    prize_category = factory.LazyAttribute(
        lambda o: (
            PrizeCategoryFactory(call=o.deliberation.call) if o.outcome == Outcome.PRIZE else None
        )
    )
    amount_mad = factory.LazyAttribute(
        lambda o: o.prize_category.amount_mad if o.prize_category else 0
    )
    justification = JUSTIFICATION
    public_summary = factory.Sequence(
        lambda n: f"Un séchoir solaire collectif pour le safran ({n})."
    )


class ResultsPublicationFactory(factory.django.DjangoModelFactory):
    """A publication row published at `published_at`, written on the call as the service
    does, but without its checks (for states the service refuses)."""

    class Meta:
        model = ResultsPublication
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    announcement_fr = "Le jury a distingué trois coopératives."
    announcement_ar = "ميزت لجنة التحكيم ثلاث تعاونيات."
    announcement_en = "The jury distinguished three cooperatives."
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def on_call(publication, create, extracted, **kwargs):
        if create and publication.published_at:
            Call.objects.filter(pk=publication.call_id).update(
                results_published_at=publication.published_at
            )
            publication.call.refresh_from_db(fields=["results_published_at"])


@dataclass
class DecidedCall:
    """A prize call decided: two prizes (the second created first), special mentions,
    one application not selected."""

    call: Call
    deliberation: Deliberation
    first: object  # applications, by what they won
    second: object
    mentions: list
    not_selected: object

    @property
    def mention(self):
        return self.mentions[0]

    @property
    def laureates(self):
        return [self.first, self.second, *self.mentions]


def decided_call(*, lock: bool = True, mentions: int = 1, winner=None, **call) -> DecidedCall:
    """Applications submitted while the call was open, the call closed, decisions recorded;
    locked unless `lock=False`. `winner` (a user with an organization) wins the first prize."""
    call = CallFactory(**call)
    second_prize = PrizeCategoryFactory(
        call=call, rank=2, amount_mad=50_000, label_fr="Deuxième prix", label_ar="الجائزة الثانية"
    )
    first_prize = PrizeCategoryFactory(call=call, rank=1, amount_mad=120_000)
    second = eligible_application(call, name="Coopérative Amal Draa", region="draa-tafilalet")
    first = eligible_application(
        call, applicant=winner, name="Coopérative Nour Souss", region="souss-massa"
    )
    mentioned = [
        eligible_application(call, name=f"Association Tawada {n}", region="oriental")
        for n in range(1, mentions + 1)
    ]
    not_selected = eligible_application(call, name="Coopérative Oubliée")
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(opens_at=now - 30 * DAY, closes_at=now - 10 * DAY)
    call.refresh_from_db()
    deliberation = DeliberationFactory(call=call)
    DecisionFactory(deliberation=deliberation, application=second, prize_category=second_prize)
    DecisionFactory(deliberation=deliberation, application=first, prize_category=first_prize)
    for application in mentioned:
        DecisionFactory(
            deliberation=deliberation, application=application, outcome=Outcome.SPECIAL_MENTION
        )
    DecisionFactory(
        deliberation=deliberation, application=not_selected, outcome=Outcome.NOT_SELECTED
    )
    if lock:
        lock_deliberation(deliberation)
    for application in (first, second, *mentioned, not_selected):
        application.refresh_from_db()
    return DecidedCall(
        call=call,
        deliberation=deliberation,
        first=first,
        second=second,
        mentions=mentioned,
        not_selected=not_selected,
    )


def lock_deliberation(deliberation: Deliberation) -> None:
    """Locked, and every decided application in its final status, as `deliberation_lock`
    leaves them."""
    Deliberation.objects.filter(pk=deliberation.pk).update(
        locked_at=timezone.now(), minutes={"rows": []}
    )
    deliberation.refresh_from_db()
    for decision in deliberation.decisions.select_related("application"):
        submissions.application_transition(
            application=decision.application, to=FINAL_STATUS[decision.outcome], actor=None
        )


def publish(call: Call, *, announcement: dict[str, str] | None = None, at=None) -> None:
    """Publish the call's results through the services (the announcement first)."""
    if announcement is not None:
        publication_save(call=call, actor=None, announcement=announcement, include_feedback=False)
    results_publish(call=call, actor=None, now=at)
    call.refresh_from_db()
