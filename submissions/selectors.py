"""Reads of applications, scoped to who asks: "missing" and "not yours" are one 404."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from calls.enums import CallStatus
from submissions.enums import (
    HIDDEN_UNTIL_RESULTS,
    UNDER_REVIEW,
    UNDER_REVIEW_LABEL,
    ApplicationStatus,
)
from submissions.models import Application, Attachment


def applications_of_applicant(*, user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user)


def application_for_applicant(*, user, pk, call_slug=None) -> Application:
    """One of the person's own applications (with its call); 404 otherwise."""
    applications = applications_of_applicant(user=user).select_related("call", "organization")
    if call_slug is not None:
        applications = applications.filter(call__slug=call_slug)
    return get_object_or_404(applications, pk=pk)


def dashboard_applications(*, user) -> list[Application]:
    """Every application of the person with what the dashboard shows (its call, its
    requests for a missing document), in four queries."""
    return list(
        applications_of_applicant(user=user)
        .select_related("call")
        .prefetch_related("document_requests__question")
        .order_by("-created_at", "-pk")
    )


def attachment_for_applicant(*, user, application_pk, pk) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("application"),
        pk=pk,
        application_id=application_pk,
        application__applicant=user,
    )


def attachments_by_question(*, application) -> dict[int, list[Attachment]]:
    """The files of the working copy, by question."""
    grouped: dict[int, list[Attachment]] = {}
    working = application.attachments.filter(removed_at__isnull=True)
    for attachment in working.order_by("uploaded_at", "pk"):
        grouped.setdefault(attachment.question_id, []).append(attachment)
    return grouped


def application_with_history(*, user, pk) -> Application:
    """An application of the person's with its submissions and history prefetched."""
    applications = applications_of_applicant(user=user).select_related("call", "organization")
    return get_object_or_404(
        applications.prefetch_related(
            Prefetch("submissions"), Prefetch("attachments", queryset=Attachment.objects.all())
        ),
        pk=pk,
    )


def submitted_attachments(*, application) -> list[Attachment]:
    """The files of the application's last submission (what the organizers read)."""
    last = application.submissions.order_by("-number").first()
    if last is None:
        return []
    ids = [entry["id"] for entry in last.attachments if "id" in entry]
    return list(application.attachments.filter(pk__in=ids).order_by("pk"))


def has_unsent_changes(*, application) -> bool:
    """Changes to a submitted application's working copy not submitted again yet."""
    submitted = application.last_submitted_at
    if submitted is None:
        return False
    if application.form_saved_at and application.form_saved_at > submitted:
        return True
    return application.attachments.filter(
        Q(uploaded_at__gt=submitted) | Q(removed_at__isnull=False)
    ).exists()


def status_for_applicant(application) -> str:
    """The status the applicant reads: decisions stay "under review" until the call's
    results are published."""
    call = application.call
    if application.status in HIDDEN_UNTIL_RESULTS and call.status != CallStatus.RESULTS_PUBLISHED:
        return UNDER_REVIEW
    return application.status


def status_label_for_applicant(application) -> str:
    status = status_for_applicant(application)
    return UNDER_REVIEW_LABEL if status == UNDER_REVIEW else ApplicationStatus(status).label
