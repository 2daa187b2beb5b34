"""The call's ranking policy: set before the call opens, then fixed."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import TieBreak
from awards.models import DEFAULT_TIE_BREAKS, RankingPolicy
from calls.models import Call

EDITABLE_FIELDS = (
    "rank_by",
    "tie_breaks",
    "disagreement_threshold",
    "max_winners_per_region",
    "min_women_led_share",
    "min_youth_led_share",
    "one_prize_per_organization",
)


class PolicyError(Exception):
    """A change to the ranking policy the rules refuse; the message is translated."""


def policy_of(call: Call) -> RankingPolicy:
    """The call's policy, created with the defaults the first time it is read."""
    policy, _created = RankingPolicy.objects.get_or_create(
        call=call, defaults={"tie_breaks": list(DEFAULT_TIE_BREAKS)}
    )
    return policy


def policy_is_editable(call: Call, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) < call.opens_at


@transaction.atomic
def policy_save(
    *, call: Call, actor, now: datetime.datetime | None = None, **values
) -> RankingPolicy:
    """Change the ranking policy, only while the call has not opened: applicants apply
    knowing how they will be ranked."""
    if not policy_is_editable(call, now):
        raise PolicyError(
            _("The ranking rules are fixed once the call has opened: applicants know them.")
        )
    unknown = [rule for rule in values.get("tie_breaks", []) if rule not in TieBreak.values]
    if unknown or len(set(values.get("tie_breaks", []))) != len(values.get("tie_breaks", [])):
        raise PolicyError(_("Each tie-break rule can be used once."))
    policy = RankingPolicy.objects.select_for_update().get(pk=policy_of(call).pk)
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(policy, name, values[name])
    policy.updated_at = now or timezone.now()
    policy.save()
    return policy
