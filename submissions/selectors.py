"""Reads of applications, scoped to who asks: "missing" and "not yours" are one 404."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

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
    """Every application of the person with what the dashboard shows, in two queries."""
    return list(
        applications_of_applicant(user=user).select_related("call").order_by("-created_at", "-pk")
    )


def attachment_for_applicant(*, user, application_pk, pk) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("application"),
        pk=pk,
        application_id=application_pk,
        application__applicant=user,
    )


def attachments_by_question(*, application) -> dict[int, list[Attachment]]:
    grouped: dict[int, list[Attachment]] = {}
    for attachment in application.attachments.order_by("uploaded_at", "pk"):
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
