"""Who may do what with calls."""

import rules

from accounts.rules import is_organizer, is_site_admin


@rules.predicate
def is_call_organizer(user, call):
    if call is None or not user.is_authenticated:
        return False
    return call.organizers.filter(pk=user.pk).exists()


rules.add_perm("calls.open_backoffice", is_organizer | is_site_admin)
rules.add_perm("calls.manage_call", is_site_admin | (is_organizer & is_call_organizer))
