"""Who may do what with accounts. Role predicates every app composes."""

import rules


@rules.predicate
def is_site_admin(user):
    return user.is_active and user.is_superuser


@rules.predicate
def is_organizer(user):
    return user.is_active and user.is_organizer


@rules.predicate
def has_organization(user):
    return hasattr(user, "organization")


@rules.predicate
def owns_organization(user, organization):
    return organization is not None and organization.owner_id == user.pk


rules.add_perm("accounts.open_dashboard", rules.is_authenticated)
rules.add_perm(
    "accounts.edit_organization", rules.is_authenticated & (owns_organization | is_site_admin)
)
