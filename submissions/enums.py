from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")
    ELIGIBLE = "eligible", pgettext_lazy("application status", "Eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("application status", "Not eligible")
    SHORTLISTED = "shortlisted", pgettext_lazy("application status", "Shortlisted")
    FINALIST = "finalist", pgettext_lazy("application status", "Finalist")
    WINNER = "winner", pgettext_lazy("application status", "Winner")
    SPECIAL_MENTION = "special-mention", pgettext_lazy("application status", "Special mention")
    NOT_SELECTED = "not-selected", pgettext_lazy("application status", "Not selected")


S = ApplicationStatus

# Every status change the portal allows; `services.application_transition` enforces it.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.WITHDRAWN, S.ELIGIBLE, S.INELIGIBLE}),
    S.WITHDRAWN: frozenset(),
    # A call with a single scored round decides among the eligible directly.
    S.ELIGIBLE: frozenset(
        {S.WITHDRAWN, S.INELIGIBLE, S.SHORTLISTED, S.WINNER, S.SPECIAL_MENTION, S.NOT_SELECTED}
    ),
    S.INELIGIBLE: frozenset({S.WITHDRAWN, S.ELIGIBLE}),
    S.SHORTLISTED: frozenset(
        {S.WITHDRAWN, S.FINALIST, S.WINNER, S.SPECIAL_MENTION, S.NOT_SELECTED}
    ),
    S.FINALIST: frozenset({S.WITHDRAWN, S.WINNER, S.SPECIAL_MENTION, S.NOT_SELECTED}),
    S.WINNER: frozenset(),
    S.SPECIAL_MENTION: frozenset(),
    S.NOT_SELECTED: frozenset(),
}

# Applications the organizers have received (drafts and withdrawals aside).
RECEIVED = frozenset(
    {
        S.SUBMITTED,
        S.ELIGIBLE,
        S.INELIGIBLE,
        S.SHORTLISTED,
        S.FINALIST,
        S.WINNER,
        S.SPECIAL_MENTION,
        S.NOT_SELECTED,
    }
)
# The applicant may still change or withdraw the application (while the call is open).
EDITABLE = frozenset({S.DRAFT, S.SUBMITTED})
# Decisions an applicant learns only when the call's results are published; until then
# they read UNDER_REVIEW.
HIDDEN_UNTIL_RESULTS = frozenset(
    {S.SHORTLISTED, S.FINALIST, S.WINNER, S.SPECIAL_MENTION, S.NOT_SELECTED}
)
UNDER_REVIEW = "under-review"
UNDER_REVIEW_LABEL = pgettext_lazy("application status", "Under review")
# Counted against the call's limit of applications per organization.
COUNTED = RECEIVED | {S.DRAFT}
# The applicant may withdraw (a draft is discarded) until a final decision.
WITHDRAWABLE = frozenset(status for status, to in TRANSITIONS.items() if S.WITHDRAWN in to)


class EventKind(models.TextChoices):
    """What an entry of an application's history records."""

    CREATED = "created", _("Application started")
    SUBMITTED = "submitted", _("Application submitted")
    RESUBMITTED = "resubmitted", _("Application submitted again with changes")
    WITHDRAWN = "withdrawn", _("Application withdrawn")
    DISCARDED = "discarded", _("Draft discarded")
    STATUS_CHANGED = "status-changed", _("Status changed")
    ATTACHMENT_ADDED = "attachment-added", _("Document added")
    ATTACHMENT_REMOVED = "attachment-removed", _("Document removed")
    ASSIGNED = "assigned", _("Given to a juror")
    UNASSIGNED = "unassigned", _("Taken back from a juror")
    CONFLICT_DECLARED = "conflict-declared", _("Conflict of interest declared")
    EVALUATION_SUBMITTED = "evaluation-submitted", _("Evaluation submitted")
    EVALUATION_REOPENED = "evaluation-reopened", _("Evaluation reopened")
    PROMOTED = "promoted", _("Moved on to the next round")
    DECISION_RECORDED = "decision-recorded", _("Jury decision recorded")
    RESULT_NOTIFIED = "result-notified", _("Result sent to the applicant")
    DOCUMENT_REQUESTED = "document-requested", _("Missing document requested")
    DOCUMENT_PROVIDED = "document-provided", _("Requested document received")
    DOCUMENT_REQUEST_CANCELLED = "document-request-cancelled", _("Document request cancelled")
    MESSAGE_SENT = "message-sent", _("Message sent to the applicant")


class BulkActionKind(models.TextChoices):
    SCREENING = "screening", _("Screening")
    MESSAGE = "message", _("Message to the applicants")


class BulkActionStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("bulk action status", "Waiting")
    RUNNING = "running", pgettext_lazy("bulk action status", "In progress")
    DONE = "done", pgettext_lazy("bulk action status", "Done")
    FAILED = "failed", pgettext_lazy("bulk action status", "Failed")
