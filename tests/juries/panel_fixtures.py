"""A call's jury set up the way organizers and jurors do it: rounds, the jury and its grid
through the back-office services, applications submitted through the submissions
services, jurors who accept their invitation, assignments added by hand, evaluations
started and submitted through the evaluation services.

`build_panel(applications=2, jurors=2)` returns a `Panel`; `evaluate(panel, assignment)`
scores an assignment (and submits it unless `submit=False`).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation

from calls import services as call_services
from calls.enums import QuestionKind, RoundKind
from juries.enums import MemberRole
from juries.services import assignment as assignment_services
from juries.services import evaluation as evaluation_services
from juries.services import panel as panel_services
from submissions import services as submissions
from tests.factories import (
    CallFactory,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    StepFactory,
)


@dataclass
class Panel:
    call: object
    round: object
    jury: object
    organizer: object
    question: object
    criteria: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    members: list = field(default_factory=list)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body_text).group(0)


def add_round(call, organizer, kind=RoundKind.SCREENING, position=0):
    call_services.rounds_save(
        call=call, actor=organizer, rows=[(None, {"kind": kind, "position": position})]
    )
    return call.rounds.get(kind=kind)


def add_criterion(panel, *, label, weight, low=0, high=5, **texts):
    return panel_services.criterion_save(
        round=panel.round,
        actor=panel.organizer,
        label_fr=label,
        label_ar=texts.get("label_ar", ""),
        label_en=texts.get("label_en", ""),
        guidance_fr=texts.get("guidance_fr", ""),
        guidance_ar="",
        guidance_en="",
        weight=weight,
        min_score=low,
        max_score=high,
    )


def submit_application(panel, organization=None):
    organization = organization or OrganizationFactory()
    applicant = organization.owner
    application = submissions.application_start(call=panel.call, applicant=applicant)
    return submissions.application_submit(
        application=application,
        actor=applicant,
        answers={panel.question.pk: "Séchoir solaire collectif"},
        notify=False,
    )


def add_juror(panel, user=None, *, role=MemberRole.MEMBER, cap=20):
    """A juror invited by the organizer who accepts the invitation."""
    user = user or JurorFactory()
    invitation = panel_services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email=user.email, role=role, max_assignments=cap
    )
    member = panel_services.invitation_accept(
        invitation=invitation,
        user=user,
        profile={"expertise_sectors": ["argan"], "regions": [], "languages": ["fr"]},
    )
    panel.members.append(member)
    return member


def assign(panel, member, application):
    return assignment_services.assignment_add(
        jury=panel.jury, member=member, application=application, actor=panel.organizer
    )


def evaluate(panel, assignment, *, submit=True, now=None):
    juror = assignment.member.user
    evaluation = evaluation_services.evaluation_start(assignment=assignment, actor=juror, now=now)
    evaluation = evaluation_services.evaluation_save(
        evaluation=evaluation,
        actor=juror,
        version=evaluation.version,
        scores={
            criterion.pk: evaluation_services.ScoreInput(Decimal(criterion.max_score))
            for criterion in panel.criteria
        },
        overall_comment="Un projet solide.",
        now=now,
    )
    if submit:
        evaluation = evaluation_services.evaluation_submit(
            evaluation=evaluation, actor=juror, version=evaluation.version, now=now
        )
    return evaluation


def build_panel(
    *,
    applications=2,
    jurors=2,
    k=2,
    deadline=None,
    grid=True,
    organizer=None,
    call=None,
):
    """An open call with a screening round, its jury (deadline in 10 days unless given),
    a valid grid (60 % + 40 %) unless `grid=False`, `jurors` jurors who accepted their
    invitation and `applications` submitted applications (none assigned)."""
    with translation.override("fr"):
        organizer = organizer or OrganizerFactory()
        call = call or CallFactory(organizers=[organizer], reference_prefix="PNL")
        step = StepFactory(call=call)
        question = QuestionFactory(step=step, kind=QuestionKind.SHORT_TEXT)
        round_ = add_round(call, organizer)
        jury = panel_services.jury_save(
            round=round_,
            actor=organizer,
            deadline=deadline or timezone.now() + datetime.timedelta(days=10),
            jurors_per_application=k,
            scores_visible_after_submit=False,
        )
        panel = Panel(call=call, round=round_, jury=jury, organizer=organizer, question=question)
        if grid:
            panel.criteria = [
                add_criterion(panel, label="Impact social", weight=60, label_en="Social impact"),
                add_criterion(panel, label="Viabilité", weight=40, label_en="Viability"),
            ]
        panel.applications = [submit_application(panel) for _n in range(applications)]
        for _n in range(jurors):
            add_juror(panel)
    return panel


def assign_all(panel):
    """Every application to every juror (as many as k allows, in order)."""
    assignments = []
    for application in panel.applications:
        for member in panel.members[: panel.jury.jurors_per_application]:
            assignments.append(assign(panel, member, application))
    return assignments
