"""What organizers change on a round's jury: its settings, its members (invited by
e-mail), its scoring grid, and the reminders sent to jurors who have not finished.

Functions take keyword arguments and the acting person (`actor=`), check
`juries.manage_jury`, run in one transaction and save only the fields that changed.
Refusals are `ValidationError`s with a translated message for the page. E-mails go
through the outbox (`notifications.services.email_enqueue`) in the recipient's
language, in the same transaction as the change that causes them.

The grid of a round freezes once the first evaluation of that round is submitted:
from then on every criterion change is refused (`grid_is_frozen`). A grid whose
weights do not add up to 100 cannot be used (`grid_is_valid`): assignment and scoring
check it before they open.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.enums import Language, Region, Sector
from accounts.models import User
from calls.models import Round
from calls.services import position_move
from juries.conflicts import declared_conflict
from juries.enums import EvaluationStatus, MemberRole
from juries.models import (
    Criterion,
    Evaluation,
    JurorProfile,
    Jury,
    JuryInvitation,
    JuryMember,
    Reminder,
    Score,
)
from notifications.services import absolute_url, email_enqueue
from submissions.enums import EventKind
from submissions.models import ApplicationEvent

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
REQUIRED_WEIGHT_TOTAL = 100
Direction = Literal["up", "down"]

# Automatic reminders before a jury's deadline: the occasion, and how long before the
# deadline its window opens (it closes when the next one opens, or at the deadline).
DEADLINE_OCCASIONS: list[tuple[str, datetime.timedelta]] = [
    ("deadline-3d", datetime.timedelta(days=3)),
    ("deadline-1d", datetime.timedelta(days=1)),
]
# A juror with unfinished evaluations is shown as late this long before the deadline.
LATE_WARNING = datetime.timedelta(hours=48)


# --- helpers --------------------------------------------------------------------------


def _require_manager(actor, jury: Jury) -> None:
    if actor is None or not actor.has_perm("juries.manage_jury", jury):
        raise PermissionDenied


def _save(instance, fields=None) -> None:
    """Save in the default language, so that a translated field's own column keeps the
    French text whatever the page's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if fields is None:
            instance.save()
        else:
            instance.save(update_fields=fields)


def _set_changed(instance, values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _refusal(field: str, message: str, code: str) -> ValidationError:
    """A refusal placed on a form field, with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def _normalized_email(email: str) -> str:
    return (email or "").strip().lower()


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


# --- the jury of a round --------------------------------------------------------------

JURY_FIELDS = {"deadline", "jurors_per_application", "scores_visible_after_submit"}


@transaction.atomic
def jury_save(
    *,
    round: Round,
    actor,
    deadline: datetime.datetime | None,
    jurors_per_application: int,
    scores_visible_after_submit: bool,
) -> Jury:
    """Create the round's jury, or change its deadline, its number of jurors per
    application and whether jurors see each other's scores."""
    round = Round.objects.select_for_update().select_related("call").get(pk=round.pk)
    jury = Jury.objects.filter(round=round).first() or Jury(call=round.call, round=round)
    _require_manager(actor, jury)
    if jurors_per_application < 1:
        raise _refusal(
            "jurors_per_application", _("Each application needs at least one juror."), "no_juror"
        )
    values = {
        "deadline": deadline,
        "jurors_per_application": jurors_per_application,
        "scores_visible_after_submit": scores_visible_after_submit,
    }
    if jury.pk is None:
        for name, value in values.items():
            setattr(jury, name, value)
        _save(jury)
        return jury
    jury = Jury.objects.select_for_update().get(pk=jury.pk)
    changed = _set_changed(jury, values)
    if changed:
        _save(jury, changed)
    return jury


# --- invitations ----------------------------------------------------------------------


def invitation_language(*, email: str, fallback: str) -> str:
    """The language an invitation is written in: the invitee's if they have an
    account, else `fallback` (the organizer's page language)."""
    language = (
        User.objects.filter(email__iexact=_normalized_email(email))
        .values_list("language", flat=True)
        .first()
    )
    if language in LANGUAGE_CODES:
        return language
    return fallback if fallback in LANGUAGE_CODES else settings.LANGUAGE_CODE


def _chair_taken(jury: Jury, *, except_email: str = "") -> bool:
    members = JuryMember.objects.filter(jury=jury, role=MemberRole.CHAIR)
    invited = JuryInvitation.objects.filter(
        jury=jury, role=MemberRole.CHAIR, accepted_at__isnull=True, declined_at__isnull=True
    ).exclude(email=except_email)
    return members.exists() or invited.exists()


def _invitation_email(invitation: JuryInvitation, *, language: str) -> None:
    jury = invitation.jury
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    email_enqueue(
        to=invitation.email,
        template="juries/email/invitation",
        context={
            "invitation": invitation,
            "jury": jury,
            "call": jury.call,
            "round": jury.round,
            "inviter": invitation.invited_by,
            "has_account": has_account,
            "url": absolute_url(
                "jury_invitations:respond", language=language, token=invitation.token
            ),
        },
        language=language,
    )


@transaction.atomic
def invitation_send(
    *,
    jury: Jury,
    actor,
    email: str,
    role: str = MemberRole.MEMBER,
    max_assignments: int = 20,
    language: str = settings.LANGUAGE_CODE,
) -> JuryInvitation:
    """Invite `email` to the jury and queue the invitation e-mail, in the invitee's
    language when they have an account, else in `language`.

    Inviting the same address again while the invitation is pending sends it again
    (with the new role and cap); after a refusal, a new link is made. A current member
    is not invited again, and a jury has one chair (member or pending invitation)."""
    _require_manager(actor, jury)
    jury = Jury.objects.select_for_update().select_related("call", "round").get(pk=jury.pk)
    email = _normalized_email(email)
    if role not in MemberRole.values:
        raise _refusal("role", _("Choose a role offered."), "role")
    member = JuryMember.objects.filter(jury=jury, user__email__iexact=email).first()
    if member is not None:
        if member.is_active:
            raise _refusal("email", _("This person is already a member of this jury."), "member")
        raise _refusal(
            "email",
            _(
                "This person was removed from this jury. Bring them back from the list "
                "of members instead."
            ),
            "removed_member",
        )
    if role == MemberRole.CHAIR and _chair_taken(jury, except_email=email):
        raise _refusal(
            "role",
            _(
                "This jury already has a chair (or a pending invitation as chair). Invite "
                "this person as a member, or change the chair in the list of members."
            ),
            "chair_taken",
        )
    invitation = JuryInvitation.objects.select_for_update().filter(jury=jury, email=email).first()
    if invitation is None:
        invitation = JuryInvitation.objects.create(
            jury=jury,
            email=email,
            role=role,
            max_assignments=max_assignments,
            invited_by=actor,
        )
    else:
        invitation.role = role
        invitation.max_assignments = max_assignments
        invitation.invited_by = actor
        invitation.created_at = timezone.now()
        fields = ["role", "max_assignments", "invited_by", "created_at"]
        if invitation.declined_at or invitation.accepted_at:
            # A used link never works again: a new invitation gets a new one.
            invitation.token = JuryInvitation._meta.get_field("token").default()
            invitation.declined_at = invitation.accepted_at = None
            invitation.member = None
            fields += ["token", "declined_at", "accepted_at", "member"]
        invitation.save(update_fields=fields)
    _invitation_email(invitation, language=invitation_language(email=email, fallback=language))
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: JuryInvitation, actor) -> None:
    """Withdraw a pending invitation: its link stops working."""
    _require_manager(actor, invitation.jury)
    deleted, _rows = JuryInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True
    ).delete()
    if not deleted:
        raise ValidationError(
            _("This invitation was already accepted: remove the member instead."), code="used"
        )


def _usable_invitation(invitation: JuryInvitation, user) -> JuryInvitation:
    """The invitation's row, locked, if `user` may still answer it."""
    invitation = (
        JuryInvitation.objects.select_for_update()
        .select_related("jury__call", "jury__round")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at or invitation.declined_at:
        raise ValidationError(
            _("This invitation has already been answered: its link works only once."),
            code="used",
        )
    if user is not None and _normalized_email(user.email) != _normalized_email(invitation.email):
        raise ValidationError(
            _(
                "This invitation was sent to %(invited)s, but you are logged in as "
                "%(current)s. Log out, then open the link again and log in (or create an "
                "account) with %(invited)s."
            )
            % {"invited": invitation.email, "current": user.email},
            code="other_email",
        )
    return invitation


PROFILE_FIELDS = {"expertise_sectors": Sector, "regions": Region, "languages": Language}


def _clean_profile(profile: Mapping[str, Any] | None) -> dict[str, list[str]]:
    profile = profile or {}
    cleaned = {}
    for name, choices in PROFILE_FIELDS.items():
        values = list(profile.get(name) or [])
        if any(value not in choices.values for value in values):
            raise ValidationError({name: _("Choose only among the values offered.")})
        cleaned[name] = [value for value in choices.values if value in values]
    if not cleaned["languages"]:
        raise _refusal("languages", _("Choose at least one language you read."), "no_language")
    return cleaned


@transaction.atomic
def invitation_accept(
    *, invitation: JuryInvitation, user, profile: Mapping[str, Any] | None = None
) -> JuryMember:
    """`user` joins the jury with the invitation's role and cap.

    The link works once, and only for the account with the invited e-mail address.
    A person without a juror profile gives one (`profile`: `expertise_sectors`,
    `regions`, `languages`, lists of `accounts.enums` values). If the jury found
    another chair meanwhile, the invitee joins as a member."""
    invitation = _usable_invitation(invitation, user)
    if not hasattr(user, "juror_profile"):
        JurorProfile.objects.create(user=user, **_clean_profile(profile))
    jury = Jury.objects.select_for_update().get(pk=invitation.jury_id)
    role = invitation.role
    if (
        role == MemberRole.CHAIR
        and JuryMember.objects.filter(jury=jury, role=MemberRole.CHAIR).exclude(user=user).exists()
    ):
        role = MemberRole.MEMBER
    member = JuryMember.objects.filter(jury=jury, user=user).first()
    if member is None:
        member = JuryMember.objects.create(
            jury=jury, user=user, role=role, max_assignments=invitation.max_assignments
        )
    else:
        member.role = role
        member.max_assignments = invitation.max_assignments
        member.is_active = True
        member.save(update_fields=["role", "max_assignments", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.member = member
    invitation.save(update_fields=["accepted_at", "member"])
    return member


@transaction.atomic
def invitation_decline(*, invitation: JuryInvitation, user=None) -> JuryInvitation:
    """Refuse the invitation (with the link alone, or logged in with the invited
    address); the link then stops working."""
    invitation = _usable_invitation(invitation, user)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    return invitation


# --- members --------------------------------------------------------------------------


@transaction.atomic
def member_update(*, member: JuryMember, actor, role: str, max_assignments: int) -> JuryMember:
    """Change a member's role and cap. Making a member chair makes the current chair a
    member: a jury has one chair."""
    _require_manager(actor, member.jury)
    Jury.objects.select_for_update().get(pk=member.jury_id)
    member = JuryMember.objects.select_for_update().get(pk=member.pk)
    if role not in MemberRole.values:
        raise _refusal("role", _("Choose a role offered."), "role")
    if max_assignments < 1:
        raise _refusal("max_assignments", _("A juror evaluates at least one application."), "cap")
    if role == MemberRole.CHAIR and not member.is_active:
        raise _refusal("role", _("A removed juror cannot chair the jury."), "inactive_chair")
    if role == MemberRole.CHAIR and member.role != MemberRole.CHAIR:
        JuryMember.objects.filter(jury_id=member.jury_id, role=MemberRole.CHAIR).update(
            role=MemberRole.MEMBER
        )
    changed = _set_changed(member, {"role": role, "max_assignments": max_assignments})
    if changed:
        member.save(update_fields=changed)
    return member


def _todo_assignments(member: JuryMember):
    return member.assignments.exclude(evaluation__status=EvaluationStatus.SUBMITTED)


@transaction.atomic
def member_deactivate(*, member: JuryMember, actor) -> int:
    """Remove a juror from the jury mid-round: they keep their submitted evaluations
    and can no longer open the others, which the assignment page then gives to other
    jurors. A removed chair becomes a member. Returns how many of their assignments are
    unfinished (to reassign)."""
    _require_manager(actor, member.jury)
    member = JuryMember.objects.select_for_update().get(pk=member.pk)
    changed = _set_changed(member, {"is_active": False, "role": MemberRole.MEMBER})
    if changed:
        member.save(update_fields=changed)
    return _todo_assignments(member).count()


@transaction.atomic
def member_reactivate(*, member: JuryMember, actor) -> JuryMember:
    """Bring a removed juror back into the jury (as a member)."""
    _require_manager(actor, member.jury)
    member = JuryMember.objects.select_for_update().get(pk=member.pk)
    if not member.is_active:
        member.is_active = True
        member.save(update_fields=["is_active"])
    return member


# --- the scoring grid -----------------------------------------------------------------

CRITERION_FIELDS = {
    *(f"{base}_{code}" for base in ("label", "guidance") for code in LANGUAGE_CODES),
    "weight",
    "min_score",
    "max_score",
}


@dataclass
class GridState:
    """What the grid page shows above the criteria."""

    count: int
    weight_total: int
    frozen: bool
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems


def grid_is_frozen(round: Round) -> bool:
    """Whether an evaluation of this round has ever been submitted (one reopened since
    counts too): the grid then no longer changes, so that every juror scores against the
    same one."""
    evaluations = Evaluation.objects.filter(assignment__jury__round=round)
    if evaluations.filter(
        Q(status=EvaluationStatus.SUBMITTED) | Q(submitted_at__isnull=False)
    ).exists():
        return True
    jury_id = Jury.objects.filter(round=round).values_list("pk", flat=True).first()
    return (
        jury_id is not None
        and ApplicationEvent.objects.filter(
            kind=EventKind.EVALUATION_SUBMITTED, data__jury=jury_id
        ).exists()
    )


def grid_state(round: Round) -> GridState:
    """The grid's totals and what keeps it from being used, in words."""
    totals = Criterion.objects.filter(round=round).aggregate(
        count=Count("pk"), weight=Sum("weight")
    )
    count, weight = totals["count"], totals["weight"] or 0
    problems = []
    if not count:
        problems.append(_("The grid has no criterion yet."))
    elif weight != REQUIRED_WEIGHT_TOTAL:
        problems.append(
            _("The weights add up to %(total)s %%; they must add up to exactly 100 %%.")
            % {"total": weight}
        )
    return GridState(
        count=count, weight_total=weight, frozen=grid_is_frozen(round), problems=problems
    )


def grid_is_valid(round: Round) -> bool:
    """Whether the round's grid can be used: at least one criterion, weights adding up
    to 100 (each scale runs from a lower to a higher score: the database checks it)."""
    return grid_state(round).is_valid


def _locked_grid(round: Round) -> Round:
    """The round's row, locked; refused when the grid is frozen. Evaluation submissions
    lock the same row, so a change and a first submission never cross."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if grid_is_frozen(round):
        raise ValidationError(
            _(
                "Evaluations of this round have been submitted: its scoring grid is frozen "
                "and can no longer change, so that every application is scored against the "
                "same grid."
            ),
            code="grid_frozen",
        )
    return round


def _jury_of(round: Round) -> Jury:
    """The round's jury, or an unsaved one (for the permission check)."""
    return Jury.objects.filter(round=round).first() or Jury(call=round.call, round=round)


def _check_criterion(criterion: Criterion) -> None:
    errors = {}
    if not (criterion.label_fr or "").strip():
        errors["label_fr"] = _("Write the criterion in French at least.")
    if criterion.weight is None or not 1 <= criterion.weight <= REQUIRED_WEIGHT_TOTAL:
        errors["weight"] = _("A weight is between 1 and 100 %.")
    if (
        criterion.min_score is not None
        and criterion.max_score is not None
        and criterion.max_score <= criterion.min_score
    ):
        errors["max_score"] = _("The highest score must be greater than the lowest.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def criterion_save(
    *,
    round: Round,
    actor,
    criterion: Criterion | None = None,
    **fields: Any,
) -> Criterion:
    """Add a criterion at the end of the round's grid, or change `criterion` (fields:
    `CRITERION_FIELDS`). Refused once the grid is frozen."""
    _require_manager(actor, _jury_of(round))
    unknown = set(fields) - CRITERION_FIELDS
    if unknown:
        raise TypeError(f"Criterion has no editable field {sorted(unknown)}")
    round = _locked_grid(round)
    if criterion is None:
        highest = Criterion.objects.filter(round=round).aggregate(top=Max("position"))["top"]
        criterion = Criterion(round=round, position=0 if highest is None else highest + 1, **fields)
        _check_criterion(criterion)
        _save(criterion)
        return criterion
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk, round=round)
    changed = _set_changed(criterion, fields)
    if changed:
        _check_criterion(criterion)
        if any(name.startswith("label_") for name in changed):
            changed.append("label")
        if any(name.startswith("guidance_") for name in changed):
            changed.append("guidance")
        _save(criterion, changed)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor) -> None:
    """Delete a criterion, with the draft scores jurors may have given it; refused once
    the grid is frozen."""
    round = criterion.round
    _require_manager(actor, _jury_of(round))
    _locked_grid(round)
    Score.objects.filter(criterion=criterion).delete()
    Criterion.objects.filter(pk=criterion.pk).delete()


@transaction.atomic
def criterion_move(*, criterion: Criterion, actor, direction: Direction) -> bool:
    """Move a criterion one place up or down; False when it is already at that end."""
    round = criterion.round
    _require_manager(actor, _jury_of(round))
    _locked_grid(round)
    siblings = Criterion.objects.filter(round=round).order_by("position", "pk")
    return position_move(criterion, siblings, direction)


# --- reminders ------------------------------------------------------------------------


def _members_with_unfinished(jury: Jury):
    """Active members with evaluations to finish, each with `unfinished` (not counting
    applications they declared a conflict with: those go to someone else)."""
    conflicted = declared_conflict(
        "user_id", "assignments__application_id", "assignments__application__organization_id"
    )
    unfinished = (
        Q(assignments__evaluation__isnull=True)
        | Q(assignments__evaluation__status=EvaluationStatus.DRAFT)
    ) & ~conflicted
    return (
        JuryMember.objects.filter(jury=jury, is_active=True)
        .annotate(unfinished=Count("assignments", filter=unfinished))
        .filter(unfinished__gt=0)
        .select_related("user")
        .order_by("pk")
    )


def _remind(jury: Jury, occasion: str, *, actor=None, now: datetime.datetime) -> list[JuryMember]:
    """Send the reminder of `occasion` to each member with unfinished evaluations who
    has not had it yet. The reminder row is claimed before the e-mail is queued, and
    both commit together: the same occasion never sends twice, even run concurrently."""
    reminded = []
    already = set(
        Reminder.objects.filter(member__jury=jury, occasion=occasion).values_list(
            "member_id", flat=True
        )
    )
    for member in _members_with_unfinished(jury):
        if member.pk in already:
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    member=member, occasion=occasion, sent_at=now, sent_by=actor
                )
        except IntegrityError:
            continue
        language = member.user.language if member.user.language in LANGUAGE_CODES else "fr"
        email_enqueue(
            to=member.user.email,
            template="juries/email/reminder",
            context={
                "member": member,
                "jury": jury,
                "call": jury.call,
                "round": jury.round,
                "unfinished": member.unfinished,
                "deadline": jury.deadline,
                "is_past": bool(jury.deadline and jury.deadline <= now),
                "url": absolute_url("jury:workspace", language=language),
            },
            language=language,
        )
        reminded.append(member)
    return reminded


def manual_occasion(now: datetime.datetime) -> str:
    """The occasion of an organizer's reminder: one a day (Morocco's date)."""
    return f"manual-{_local_date(now).isoformat()}"


@transaction.atomic
def reminders_send_late(
    *, jury: Jury, actor, now: datetime.datetime | None = None
) -> list[JuryMember]:
    """The organizer's "remind late jurors": an e-mail to each active juror with
    unfinished evaluations, at most once a day each. Returns the jurors reminded."""
    _require_manager(actor, jury)
    now = now or timezone.now()
    jury = Jury.objects.select_related("call", "round").get(pk=jury.pk)
    return _remind(jury, manual_occasion(now), actor=actor, now=now)


def due_occasion(deadline: datetime.datetime, now: datetime.datetime) -> str | None:
    """The automatic reminder whose window `now` is in, before `deadline`."""
    if now >= deadline:
        return None
    due = None
    for occasion, before in DEADLINE_OCCASIONS:
        if now >= deadline - before:
            due = occasion
    return due


@transaction.atomic
def reminders_send_due(*, now: datetime.datetime | None = None) -> dict[int, list[JuryMember]]:
    """Run by the beat: 3 days and 1 day before each jury's deadline, remind the jurors
    with unfinished evaluations, once per occasion. Returns the jurors reminded, by
    jury id."""
    now = now or timezone.now()
    longest = max(before for _occasion, before in DEADLINE_OCCASIONS)
    juries = Jury.objects.filter(deadline__gt=now, deadline__lte=now + longest).select_related(
        "call", "round"
    )
    reminded = {}
    for jury in juries:
        occasion = due_occasion(jury.deadline, now)
        if occasion:
            sent = _remind(jury, occasion, now=now)
            if sent:
                reminded[jury.pk] = sent
    return reminded


def late_since(deadline: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Whether unfinished work counts as late: the deadline is past or within 48 hours."""
    return deadline is not None and now >= deadline - LATE_WARNING
