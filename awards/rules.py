"""Who may deliberate and publish: the call's organizers (and site admins) do both; the
chair of the call's jury deliberates and records decisions, never publishes."""

import rules

from accounts.rules import is_organizer, is_site_admin
from calls.rules import is_call_organizer
from juries.enums import MemberRole
from juries.models import JuryMember


@rules.predicate
def chairs_jury_of_call(user, call):
    if call is None or not user.is_authenticated:
        return False
    return JuryMember.objects.filter(
        jury__call=call, user=user, role=MemberRole.CHAIR, is_active=True
    ).exists()


# As `calls.manage_call`: a person whose organizer role was taken away keeps no access
# through a call that still lists them.
can_manage = is_site_admin | (is_organizer & is_call_organizer)

rules.add_perm("awards.deliberate", can_manage | chairs_jury_of_call)
rules.add_perm("awards.publish_results", can_manage)
