"""Conflicts of interest: declared (with an organization or an application) and automatic
(the juror's e-mail shares a private domain with the organization's). Computed in bulk,
with a constant number of queries, for assignment; and one pair at a time for access."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from accounts.models import User
from juries.enums import PUBLIC_EMAIL_DOMAINS, ConflictSource
from juries.models import ConflictDeclaration
from submissions.models import Application


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def shares_private_domain(first: str, second: str) -> bool:
    domain = email_domain(first)
    return domain not in PUBLIC_EMAIL_DOMAINS and domain == email_domain(second)


def conflicted_pairs(
    *, juror_ids: Iterable[int], application_ids: Iterable[int]
) -> dict[tuple[int, int], str]:
    """(juror id, application id) → the reason, for every conflicted pair. Four queries,
    whatever the numbers of jurors and applications."""
    juror_ids, application_ids = list(juror_ids), list(application_ids)
    applications = list(
        Application.objects.filter(pk__in=application_ids).values_list(
            "pk", "organization_id", "applicant__email"
        )
    )
    jurors = dict(User.objects.filter(pk__in=juror_ids).values_list("pk", "email"))
    declarations = ConflictDeclaration.objects.filter(juror_id__in=juror_ids)
    by_application = set(
        declarations.filter(application_id__in=application_ids).values_list(
            "juror_id", "application_id"
        )
    )
    by_organization = set(
        declarations.filter(organization__isnull=False).values_list("juror_id", "organization_id")
    )
    domains: dict[str, list[int]] = {}
    for juror_id, email in jurors.items():
        domain = email_domain(email)
        if domain not in PUBLIC_EMAIL_DOMAINS:
            domains.setdefault(domain, []).append(juror_id)

    pairs: dict[tuple[int, int], str] = {}
    of_organization: dict[int, list[int]] = {}
    for application_id, organization_id, email in applications:
        of_organization.setdefault(organization_id, []).append(application_id)
        for juror_id in domains.get(email_domain(email), ()):
            pairs[(juror_id, application_id)] = ConflictSource.SAME_EMAIL_DOMAIN
    for juror_id, organization_id in by_organization:
        for application_id in of_organization.get(organization_id, ()):
            pairs[(juror_id, application_id)] = ConflictSource.DECLARED_ORGANIZATION
    for juror_id, application_id in by_application:
        pairs[(juror_id, application_id)] = ConflictSource.DECLARED_APPLICATION
    return pairs


def conflict_of(*, juror, application) -> str | None:
    """Why `juror` may not evaluate `application`, or None."""
    pairs = conflicted_pairs(juror_ids=[juror.pk], application_ids=[application.pk])
    return pairs.get((juror.pk, application.pk))


def declared_conflict(juror, application, organization) -> Exists:
    """In a query: the juror declared a conflict with the application or with its
    organization (the three name columns of the outer query)."""
    return Exists(
        ConflictDeclaration.objects.filter(juror_id=OuterRef(juror)).filter(
            Q(application_id=OuterRef(application)) | Q(organization_id=OuterRef(organization))
        )
    )
