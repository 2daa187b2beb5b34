"""Who may do what in the jury workspace."""

import rules


@rules.predicate
def is_juror(user):
    return user.is_authenticated and user.is_active and hasattr(user, "juror_profile")


rules.add_perm("juries.open_workspace", is_juror)
