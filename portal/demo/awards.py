"""The results of the two editions of the women's cooperatives prize, decided the way
organizers and juries decide them, through the awards services:

- `lalla-al-moutaaouina-2025`: ranking rules set before the call opened (ranked on the
  normalized mean, at most two winners per region, one prize per organization); the jury
  records the proposed winners, then gives a special mention to the best-ranked
  cooperative left without a prize; the deliberation is locked on 28 June 2025, the
  results published on 5 July 2025 (International Day of Cooperatives) with their
  announcement, and every applicant's result notice was sent then;
- `lalla-al-moutaaouina-2026`: the same rules; the jury is still scoring, so the
  deliberation is open with nothing decided and the results unpublished (their page is
  a 404).

The 2025 notices are written to the outbox as already sent in July 2025: loading the
demo sends no e-mail. A second run changes nothing once a deliberation is locked."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from awards.enums import Outcome, RankBy, TieBreak
from awards.models import Decision, ResultNotice
from awards.services.deliberation import (
    decision_record,
    deliberation_lock,
    deliberation_of,
    deliberation_scoreboard,
    proposal_accept,
)
from awards.services.policy import policy_of, policy_save
from awards.services.publication import (
    notice_context,
    notices_prepare,
    publication_of,
    publication_save,
    results_publish,
)
from calls.models import Call
from notifications.enums import MessageStatus
from notifications.models import Message
from notifications.services import render_email
from portal.demo.accounts import JURORS, DemoAccounts
from portal.demo.calls import CASABLANCA, ORGANIZER, DemoCalls, Text
from portal.demo.juries import LALLA_2025, LALLA_2026
from submissions.models import Answer

RULES = {
    "rank_by": RankBy.NORMALIZED,
    "tie_breaks": [
        TieBreak.RAW_MEAN.value,
        TieBreak.HEAVIEST_CRITERION.value,
        TieBreak.JURORS_PREFERRING.value,
    ],
    "max_winners_per_region": 2,
    "one_prize_per_organization": True,
}

PROPOSAL_JUSTIFICATION = (
    "Classement du jury sur la moyenne normalisée, avec au plus deux lauréates par région ; "
    "délibération du 28 juin 2025."
)
MENTION_JUSTIFICATION = (
    "Le jury salue la qualité du projet et l'engagement des coopératrices, classées juste "
    "après les lauréates : mention spéciale."
)

ANNOUNCEMENT_2025 = Text(
    "La Fondation OCP et l'ODCO dévoilent les six coopératives féminines lauréates de la 6e "
    "édition du Prix national Lalla Al Moutaaouina, consacrée à l'innovation pour valoriser "
    "les produits du terroir. Après cinq éditions, 30 coopératives ont désormais été primées. "
    "Les lauréates recevront, en plus de leur prix, une année d'accompagnement par le "
    "CoopLab de l'UM6P. Le jury salue aussi d'une mention spéciale un projet remarquable.",
    "تعلن مؤسسة OCP ومكتب تنمية التعاون عن التعاونيات النسائية الست الفائزة بالدورة السادسة "
    "للجائزة الوطنية للا المتعاونة، المخصصة للابتكار في تثمين المنتجات المحلية. بعد خمس دورات، "
    "بلغ عدد التعاونيات المتوجة 30 تعاونية. وستستفيد الفائزات، إضافة إلى الجائزة، من سنة من "
    "المواكبة من طرف CoopLab بجامعة محمد السادس متعددة التخصصات. كما نوهت لجنة التحكيم "
    "بمشروع متميز بتنويه خاص.",
    "The OCP Foundation and ODCO announce the six women's cooperatives that win the 6th "
    "Lalla Al Moutaaouina National Prize, on innovating to add value to local products. "
    "After five editions, 30 cooperatives have now been rewarded. Besides their prize, the "
    "winners receive a year of support from the UM6P CoopLab. The jury also gives a special "
    "mention to a remarkable project.",
)


@dataclass(frozen=True)
class Moments:
    decided: datetime.datetime
    locked: datetime.datetime


def _at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=CASABLANCA)


MOMENTS_2025 = Moments(decided=_at(2025, 6, 27, 16), locked=_at(2025, 6, 28, 12))


def seed_awards(accounts: DemoAccounts, calls: DemoCalls, *, now=None) -> dict[str, str]:
    """Make what is missing of the demo results; returns each edition's state."""
    now = now or timezone.now()
    organizer = accounts.users[ORGANIZER]
    chair = accounts.users[JURORS[0].email]
    states = {}
    for slug in (LALLA_2025, LALLA_2026):
        call = calls.calls[slug]
        _rules_put(call, organizer)
        deliberation = deliberation_of(call)
        if deliberation is None:
            states[slug] = "no jury"
            continue
        if slug == LALLA_2025 and not deliberation.is_locked:
            _deliberate(call, deliberation, chair, MOMENTS_2025)
        if slug == LALLA_2025 and not publication_of(call).published_at:
            _publish(call, organizer, chair)
        states[slug] = "published" if publication_of(call).published_at else "in deliberation"
    return states


def _rules_put(call: Call, organizer) -> None:
    policy = policy_of(call)
    if policy.rank_by == RULES["rank_by"] and policy.tie_breaks == RULES["tie_breaks"]:
        return
    rules_set = call.opens_at - datetime.timedelta(days=14)
    policy_save(call=call, actor=organizer, now=rules_set, **RULES)


def _title(application) -> str:
    answer = (
        Answer.objects.filter(application=application, question__label_fr="Titre du projet")
        .values_list("value", flat=True)
        .first()
    )
    return str(answer or "")


def _deliberate(call: Call, deliberation, chair, moments: Moments) -> None:
    proposal_accept(
        deliberation=deliberation,
        justification=PROPOSAL_JUSTIFICATION,
        actor=chair,
        now=moments.decided,
    )
    board = deliberation_scoreboard(deliberation)
    awarded = set(
        Decision.objects.filter(deliberation=deliberation, outcome=Outcome.PRIZE).values_list(
            "application_id", flat=True
        )
    )
    runner_up = next(e for e in board.entries if e.position and e.application.pk not in awarded)
    decision_record(
        deliberation=deliberation,
        application=runner_up.application,
        outcome=Outcome.SPECIAL_MENTION,
        justification=MENTION_JUSTIFICATION,
        public_summary=_title(runner_up.application),
        follows_proposal=False,
        actor=chair,
        now=moments.decided + datetime.timedelta(minutes=20),
    )
    for decision in Decision.objects.filter(deliberation=deliberation, outcome=Outcome.PRIZE):
        Decision.objects.filter(pk=decision.pk).update(public_summary=_title(decision.application))
    deliberation_lock(deliberation=deliberation, actor=chair, now=moments.locked)


def _publish(call: Call, organizer, chair) -> None:
    published = call.results_published_at or call.results_at
    publication_save(
        call=call,
        actor=organizer,
        announcement={
            "fr": ANNOUNCEMENT_2025.fr,
            "ar": ANNOUNCEMENT_2025.ar,
            "en": ANNOUNCEMENT_2025.en,
        },
        include_feedback=False,
    )
    notices_prepare(call=call, actor=organizer, now=published - datetime.timedelta(days=1))
    results_publish(call=call, actor=organizer, now=published)
    _notices_sent(call, organizer, published)


def _notices_sent(call: Call, organizer, sent_at) -> None:
    """The notices as they went out in July 2025: rendered and stored as sent, without
    e-mailing anyone today."""
    publication = publication_of(call)
    for notice in ResultNotice.objects.filter(publication=publication).select_related(
        "application__applicant", "application__call"
    ):
        subject, body_text, body_html = render_email(
            template="awards/email/result", context=notice_context(notice), language=notice.language
        )
        notice.message = Message.objects.create(
            template="awards/email/result",
            to_email=notice.application.applicant.email,
            language=notice.language,
            subject=subject[:255],
            body_text=body_text,
            body_html=body_html,
            status=MessageStatus.SENT,
            attempts=1,
            created_at=sent_at,
            next_attempt_at=sent_at,
            sent_at=sent_at,
        )
        notice.released_at = sent_at
        notice.save(update_fields=["message", "released_at"])
    type(publication).objects.filter(pk=publication.pk).update(
        notices_released_at=sent_at, notices_released_by=organizer
    )
