"""Who may do what with applications."""

import rules

from accounts.rules import is_site_admin
from calls.rules import is_call_organizer


@rules.predicate
def is_applicant(user, application):
    return application is not None and application.applicant_id == user.pk


@rules.predicate
def organizes_call_of(user, application):
    return application is not None and is_call_organizer(user, application.call)


rules.add_perm(
    "submissions.view_application",
    rules.is_authenticated & (is_applicant | organizes_call_of | is_site_admin),
)
rules.add_perm("submissions.change_application", rules.is_authenticated & is_applicant)
