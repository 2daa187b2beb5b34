"""What anyone may see of the calls: the list, a call's page, the quick eligibility check."""

import datetime
from itertools import groupby

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts.selectors import organization_for_user
from calls.eligibility import PROFILE_FIELDS, evaluate, requirement
from calls.enums import PAST_STATUSES, CallStatus, FileType, QuestionKind
from calls.filters import CallFilter
from calls.forms.eligibility import QuickCheckForm
from calls.selectors import call_cards, form_steps, public_call, public_call_listing

CALLS_PER_PAGE = 12
COUNTDOWN_WINDOW = datetime.timedelta(days=7)

GROUP_TITLES = {
    "open": gettext_lazy("Open now"),
    "upcoming": gettext_lazy("Upcoming"),
    "past": gettext_lazy("Past calls"),
}


def status_group(call) -> str:
    return "past" if call.card_status in PAST_STATUSES else call.card_status.value


def grouped_by_status(cards):
    """Consecutive cards of the same group (the listing is ordered by group)."""
    return [
        {"key": key, "title": GROUP_TITLES[key], "calls": list(calls)}
        for key, calls in groupby(cards, key=status_group)
    ]


def deadline_countdown(call, now) -> str:
    """How long an open call has left, in plain words, in its last week; else ""."""
    if not call.is_open_at(now) or call.closes_at - now > COUNTDOWN_WINDOW:
        return ""
    closes = timezone.localtime(call.closes_at)
    days = (closes.date() - timezone.localdate(now)).days
    time = formats.time_format(closes)
    if days == 0:
        return _("Closes today at %(time)s") % {"time": time}
    if days == 1:
        return _("Closes tomorrow at %(time)s") % {"time": time}
    return ngettext("Closes in %(count)s day", "Closes in %(count)s days", days) % {"count": days}


def documents_to_prepare(steps) -> list[dict]:
    """The file questions of the form, with the names of the file types they accept."""
    names = dict(FileType.choices)
    return [
        {
            "question": question,
            "types": [names.get(kind, kind) for kind in question.file_types or FileType.values],
        }
        for step in steps
        for question in step.questions.all()
        if question.kind == QuestionKind.FILE
    ]


def profile_initial(user) -> dict:
    """A logged-in applicant's organization profile, to prefill the quick check."""
    if not user.is_authenticated:
        return {}
    organization = organization_for_user(user=user)
    if organization is None:
        return {}
    return {field: getattr(organization, field) for field in PROFILE_FIELDS}


def call_context(call, now) -> dict:
    return {
        "call": call,
        "status": call.status_at(now),
        "apply_url": reverse("apply:start", kwargs={"slug": call.slug}),
    }


@require_safe
def call_list(request):
    filterset = CallFilter(request.GET or None, queryset=public_call_listing())
    page = Paginator(filterset.qs, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/call_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=1, on_ends=1
            ),
            "groups": grouped_by_status(call_cards(page.object_list)),
        },
    )


@require_safe
def call_detail(request, slug):
    call = public_call(slug=slug)
    now = timezone.now()
    status = call.status_at(now)
    rules = list(call.eligibility_rules.all())
    return render(
        request,
        "calls/call_detail.html",
        {
            **call_context(call, now),
            "countdown": deadline_countdown(call, now),
            "rules": rules,
            "requirements": [requirement(rule) for rule in rules],
            "quick_check": bool(rules) and status in (CallStatus.OPEN, CallStatus.UPCOMING),
            "form": QuickCheckForm(rules=rules, initial=profile_initial(request.user)),
            "documents": documents_to_prepare(form_steps(call=call)),
            "prizes": list(call.prize_categories.all()),
        },
    )


@require_safe
def rules_document(request, slug):
    call = public_call(slug=slug)
    if not call.rules_document:
        raise Http404
    try:
        document = call.rules_document.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        document,
        as_attachment=False,
        filename=f"{call.slug}-reglement.pdf",
        content_type="application/pdf",
    )


@require_http_methods(["GET", "POST"])
def eligibility_check(request, slug):
    """The "am I eligible?" check: answers are read, never stored."""
    call = public_call(slug=slug)
    rules = list(call.eligibility_rules.all())
    verdict = None
    if request.method == "POST":
        form = QuickCheckForm(request.POST, rules=rules)
        if form.is_valid():
            verdict = evaluate(rules, form.profile(), form.declarations())
    else:
        form = QuickCheckForm(rules=rules, initial=profile_initial(request.user))
    context = {
        **call_context(call, timezone.now()),
        "rules": rules,
        "form": form,
        "verdict": verdict,
    }
    if request.htmx and request.method == "POST":
        return render(request, "calls/eligibility_check_fragment.html", context)
    return render(request, "calls/eligibility_check.html", context)
