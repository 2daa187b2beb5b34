"""Who may do what in juries: jurors with their assignments, organizers with their calls."""

import rules

from accounts.rules import is_site_admin
from calls.rules import is_call_organizer
from juries.conflicts import conflict_of
from juries.models import Assignment, JuryMember


@rules.predicate
def is_juror(user):
    return user.is_authenticated and user.is_active and hasattr(user, "juror_profile")


@rules.predicate
def is_jury_member(user, jury):
    if jury is None or not user.is_authenticated:
        return False
    return JuryMember.objects.filter(jury=jury, user=user, is_active=True).exists()


@rules.predicate
def is_jury_chair(user, jury):
    if jury is None or not user.is_authenticated:
        return False
    return JuryMember.objects.filter(jury=jury, user=user, is_active=True, role="chair").exists()


@rules.predicate
def is_assigned_juror(user, application):
    """An active member of a jury that gave them this application."""
    if application is None or not user.is_authenticated:
        return False
    return Assignment.objects.filter(
        application=application, member__user=user, member__is_active=True
    ).exists()


@rules.predicate
def has_conflict(user, application):
    return application is not None and conflict_of(juror=user, application=application) is not None


@rules.predicate
def organizes_call_of_jury(user, jury):
    return jury is not None and is_call_organizer(user, jury.call)


rules.add_perm("juries.open_workspace", is_juror)
rules.add_perm("juries.evaluate_application", is_assigned_juror & ~has_conflict)
rules.add_perm("juries.manage_jury", is_site_admin | organizes_call_of_jury)
