"""State changes of accounts: consent and organization profiles."""

from django.conf import settings
from django.db import transaction

from accounts.models import Organization, PrivacyConsent, User

ORGANIZATION_FIELDS = (
    "name",
    "legal_form",
    "registration_number",
    "region",
    "province",
    "sector",
    "founded_on",
    "members_count",
    "women_members_count",
    "youth_members_count",
    "contact_phone",
)


def privacy_consent_record(*, user: User, language: str) -> PrivacyConsent:
    """Record that the user accepted the current privacy notice (once per version)."""
    consent, _created = PrivacyConsent.objects.get_or_create(
        user=user,
        notice_version=settings.PRIVACY_NOTICE_VERSION,
        defaults={"language": language},
    )
    return consent


@transaction.atomic
def organization_save(*, owner: User, data: dict) -> Organization:
    """Create the owner's organization profile, or update the fields that changed."""
    values = {field: data[field] for field in ORGANIZATION_FIELDS}
    organization = Organization.objects.select_for_update().filter(owner=owner).first()
    if organization is None:
        return Organization.objects.create(owner=owner, **values)
    changed = [field for field, value in values.items() if getattr(organization, field) != value]
    if changed:
        for field in changed:
            setattr(organization, field, values[field])
        organization.save(update_fields=[*changed, "updated_at"])
    return organization


def user_language_set(*, user: User, language: str) -> None:
    """Set the language the portal's e-mails to the person are written in."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
