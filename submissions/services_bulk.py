"""Bulk actions on a call's applications, confirmed on the list and carried out by a
worker: screening many applications, writing to their applicants.

`bulk_action_start` checks everything an organizer can correct (the reason, the
message) before anything is queued, so refusals come back on the confirmation page;
`bulk_action_run` does the work in the worker and records its progress and its report.
"""

import logging
import uuid
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from calls.models import Call
from submissions.enums import BulkActionKind, BulkActionStatus
from submissions.models import Application, BulkAction
from submissions.services_screening import (
    ScreeningError,
    applicants_message,
    applications_screen,
    message_check,
    screening_check,
)

logger = logging.getLogger(__name__)


def bulk_action_start(
    *,
    call: Call,
    actor: User,
    token: uuid.UUID,
    kind: str,
    applications,
    params: dict,
    language: str,
) -> BulkAction:
    """Queue a bulk action on the call's received applications among `applications`.
    The same `token` again (a second click on the confirmation) returns the first action.
    `params`: screening {"to", "reason"}, message {"texts": {language: {"subject",
    "body"}}}; "query" too, the list's filter to go back to. `language` is the page's: a
    message as written is in it when the organizer wrote one in it."""
    existing = BulkAction.objects.filter(token=token).first()
    if existing is not None:
        return _same_or_refused(existing, call=call, actor=actor)
    if kind == BulkActionKind.SCREENING:
        params["reason"] = screening_check(
            call=call,
            applications=applications,
            to=params["to"],
            actor=actor,
            reason=params.get("reason", ""),
        )
    else:
        params["texts"], params["written_in"] = message_check(
            call=call, actor=actor, texts=params["texts"], writer=language
        )
    ids = list(
        applications.filter(call=call, submitted_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    try:
        with transaction.atomic():
            action = BulkAction.objects.create(
                token=token,
                call=call,
                actor=actor,
                kind=kind,
                application_ids=ids,
                params={**params, "language": language},
                total=len(ids),
            )
            transaction.on_commit(lambda: _dispatch(bulk_action_id=action.pk))
    except IntegrityError:
        # The same confirmation, sent twice at once: the other request created it.
        return _same_or_refused(BulkAction.objects.get(token=token), call=call, actor=actor)
    return action


def _same_or_refused(action: BulkAction, *, call: Call, actor: User) -> BulkAction:
    if action.call_id != call.pk or action.actor_id != actor.pk:
        raise ScreeningError(_("This confirmation was already used. Please start again."))
    return action


def _dispatch(*, bulk_action_id: int) -> None:
    from submissions.tasks import bulk_action_perform

    try:
        bulk_action_perform.delay(bulk_action_id)
    except Exception:
        logger.exception("Bulk action %s could not be queued.", bulk_action_id)
        action = BulkAction.objects.get(pk=bulk_action_id)
        with translation.override(action.params.get("language")):
            message = _("The action could not be started: nothing was done. Please try again.")
        _finish(
            bulk_action_id,
            status=BulkActionStatus.FAILED,
            error=message,
            claimed=BulkActionStatus.QUEUED,
        )


def bulk_action_run(*, bulk_action_id: int) -> bool:
    """Carry out a waiting bulk action. Returns True when this call did it.

    The row is claimed with a conditional update, so a task delivered twice does the work
    once. A refusal met on the way (the actor is no longer an organizer of the call) ends
    it as failed, with the refusal as its error.
    """
    claimed = BulkAction.objects.filter(pk=bulk_action_id, status=BulkActionStatus.QUEUED).update(
        status=BulkActionStatus.RUNNING
    )
    if not claimed:
        return False
    action = BulkAction.objects.select_related("call", "actor").get(pk=bulk_action_id)
    applications = Application.objects.filter(pk__in=action.application_ids)

    def progress(done: int, total: int) -> None:
        BulkAction.objects.filter(pk=action.pk).update(done=done, total=total)

    with translation.override(action.params.get("language")):
        try:
            if action.kind == BulkActionKind.SCREENING:
                report = applications_screen(
                    call=action.call,
                    applications=applications,
                    to=action.params["to"],
                    actor=action.actor,
                    reason=action.params.get("reason", ""),
                    progress=progress,
                )
                result = {**asdict(report), "refused": dict(report.refused)}
            else:
                report = applicants_message(
                    call=action.call,
                    applications=applications,
                    actor=action.actor,
                    texts=action.params["texts"],
                    writer=action.params["written_in"],
                    progress=progress,
                )
                result = asdict(report)
        except ScreeningError as refusal:
            _finish(action.pk, status=BulkActionStatus.FAILED, error=str(refusal))
            return False
        except Exception:
            logger.exception("Bulk action %s failed.", action.pk)
            _finish(
                action.pk,
                status=BulkActionStatus.FAILED,
                error=_(
                    "The action stopped before its end: what it did so far is kept and shown "
                    "in each application's history. Please check the list before trying again."
                ),
            )
            return False
    _finish(action.pk, status=BulkActionStatus.DONE, report=result)
    return True


def _finish(bulk_action_id: int, *, status, claimed=BulkActionStatus.RUNNING, **fields) -> None:
    BulkAction.objects.filter(pk=bulk_action_id, status=claimed).update(
        status=status, finished_at=timezone.now(), **fields
    )
