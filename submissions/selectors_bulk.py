"""Reading a call's bulk actions for its organizers: the action's page and what it did."""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import Call
from submissions.enums import ApplicationStatus, BulkActionKind, BulkActionStatus
from submissions.models import BulkAction

IN_PROGRESS = (BulkActionStatus.QUEUED, BulkActionStatus.RUNNING)
# An action still waiting or running after this long was lost (a worker stopped): its
# page stops waiting for it.
STALE_AFTER = timedelta(hours=1)


def bulk_action_for_organizer(*, call: Call, token) -> BulkAction:
    """One of the call's bulk actions (the call is already the organizer's); 404 for an
    unknown token and for another call's action alike."""
    action = call.bulk_actions.filter(token=token).first()
    if action is None:
        raise Http404
    return action


def is_in_progress(action: BulkAction, *, now=None) -> bool:
    now = now or timezone.now()
    return action.status in IN_PROGRESS and action.created_at > now - STALE_AFTER


def outcome_of(action: BulkAction) -> list[str]:
    """What a finished action did, in sentences."""
    report = action.report or {}
    if action.status != BulkActionStatus.DONE:
        return []
    if action.kind == BulkActionKind.MESSAGE:
        return [
            ngettext(
                "Your message was written to %(count)s applicant; it leaves with the next e-mails.",
                "Your message was written to %(count)s applicants; it leaves with the next "
                "e-mails.",
                report.get("messages", 0),
            )
            % {"count": report.get("messages", 0)}
        ]
    label = ApplicationStatus(action.params["to"]).label
    lines = []
    changed, unchanged = report.get("changed", 0), report.get("unchanged", 0)
    if changed:
        lines.append(
            ngettext(
                "%(count)s application is now “%(status)s”.",
                "%(count)s applications are now “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": label}
        )
    else:
        lines.append(_("No application changed."))
    if unchanged:
        lines.append(
            ngettext(
                "%(count)s was already “%(status)s” and stays so.",
                "%(count)s were already “%(status)s” and stay so.",
                unchanged,
            )
            % {"count": unchanged, "status": label}
        )
    refused = {status: n for status, n in (report.get("refused") or {}).items() if n}
    if refused:
        count = sum(refused.values())
        detail = ", ".join(
            f"{status.label}: {refused[status]}"
            for status in ApplicationStatus
            if status in refused
        )
        lines.append(
            ngettext(
                "%(count)s application cannot be “%(status)s” and was left as it is (%(detail)s).",
                "%(count)s applications cannot be “%(status)s” and were left as they are "
                "(%(detail)s).",
                count,
            )
            % {"count": count, "status": label, "detail": detail}
        )
    return lines
