"""The deliberation of a call, for its organizers (/<lang>/manage/calls/<slug>/…) and the
chair of its jury (/<lang>/jury/calls/<slug>/…): the ranking of each scored round with
agreement and flags, promotion to the next round, the proposed winners, decisions, the
chair's order for remaining ties, locking and the minutes.

Both audiences reach the same views; `awards.deliberate` decides, and a call they may not
deliberate on is a 404 like a missing one. Blind review keeps applicants' names from the
chair, as it did while scoring; organizers see them."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import minutes as minutes_document
from awards import pdf
from awards.enums import Outcome
from awards.forms import DecisionForm, JustificationForm, PromotionForm
from awards.models import Promotion
from awards.scoreboard import scoreboard
from awards.services import deliberation as services
from awards.services.deliberation import DeliberationError
from awards.services.policy import policy_of
from awards.winners import constraint_label
from calls.models import Call, Round


def _is_chair_address(request) -> bool:
    return request.resolver_match.namespace == "deliberation_chair"


def _call(request, slug) -> Call:
    """The call, if the person may deliberate on it at this address: organizers (and site
    admins) in the back-office, the jury's chair in the jury workspace."""
    call = get_object_or_404(Call, slug=slug)
    perm = "awards.deliberate" if _is_chair_address(request) else "calls.manage_call"
    if not request.user.has_perm(perm, call):
        raise Http404
    return call


def _frame(request, call) -> dict:
    """The page frame and URL namespace of the audience the address belongs to."""
    chair = _is_chair_address(request)
    return {
        "call": call,
        "frame": "awards/chair/base.html" if chair else "awards/manage/base.html",
        "ns": "deliberation_chair" if chair else "awards_manage",
        "section": "deliberation",
        "show_names": not (chair and call.blind_review),
        "may_publish": request.user.has_perm("awards.publish_results", call),
    }


def _conflicted(request, call, board) -> set[int]:
    """Applications of the board the reader may neither decide on nor read the scores of."""
    return services.conflicted_for(
        actor=request.user,
        call=call,
        application_ids=[entry.application.pk for entry in board.entries],
    )


def _deliberation(call):
    deliberation = services.deliberation_of(call)
    if deliberation is None:
        raise Http404
    return deliberation


def _back(request, call, anchor=""):
    namespace = _frame(request, call)["ns"]
    return redirect(reverse(f"{namespace}:deliberation", args=[call.slug]) + anchor)


@login_required
def deliberation(request, slug):
    call = _call(request, slug)
    frame = _frame(request, call)
    deliberation = services.deliberation_of(call)
    if deliberation is None:
        return render(request, "awards/deliberation_empty.html", frame)
    board = services.deliberation_scoreboard(deliberation)
    decisions = {
        d.application_id: d
        for d in deliberation.decisions.select_related("prize_category", "application")
    }
    proposal = services.winners_proposal(board=board, call=call)
    categories = {c.pk: c for c in call.prize_categories.all()}
    proposed = {pk: categories.get(category) for pk, category in proposal.awards}
    context = {
        **frame,
        "deliberation": deliberation,
        "board": board,
        "rows": [
            (entry, decisions.get(entry.application.pk), proposed.get(entry.application.pk))
            for entry in board.entries
        ],
        "proposal": proposal,
        "laureates": sorted(
            (d for d in decisions.values() if d.outcome != Outcome.NOT_SELECTED),
            key=lambda d: (d.prize_category.rank if d.prize_category else 1000, d.application_id),
        ),
        "awards": [(board.entry_of(pk), category) for pk, category in proposed.items()],
        "moves": [
            (move, board.entry_of(move.application_id), constraint_label(move.constraint))
            for move in proposal.moves
        ],
        "unmet": [constraint_label(constraint) for constraint in proposal.unmet],
        "decidable": services.IN_THE_RUNNING,
        "undecided": sum(
            1
            for e in board.entries
            if e.application.status in services.IN_THE_RUNNING and e.application.pk not in decisions
        ),
        "tied": [entry for entry in board.entries if entry.row and entry.row.tied],
        "conflicted": _conflicted(request, call, board),
        "rounds": _rounds(call),
        "justification_form": JustificationForm(),
    }
    return render(request, "awards/deliberation.html", context)


def _rounds(call) -> list[Round]:
    promoted = set(
        Promotion.objects.filter(from_round__call=call).values_list("from_round", flat=True)
    )
    rounds = list(call.rounds.filter(jury__isnull=False).order_by("position", "pk"))
    for round_ in rounds:
        round_.is_promoted = round_.pk in promoted
    return rounds


@login_required
def round_ranking(request, slug, round_pk):
    """The ranking of one round, with promotion of its best to the next round."""
    call = _call(request, slug)
    round_ = get_object_or_404(Round, call=call, pk=round_pk, jury__isnull=False)
    board = scoreboard(round_=round_, policy=policy_of(call))
    form = PromotionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            promotion = services.round_promote(
                round_=round_,
                rule=form.cleaned_data["rule"],
                value=form.cleaned_data["value"],
                actor=request.user,
            )
        except DeliberationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(count)s application(s) moved on to the next round.")
                % {"count": len(promotion.promoted)},
            )
            return redirect(request.path)
    context = {
        **_frame(request, call),
        "round": round_,
        "board": board,
        "board_rows": [(entry, None, None) for entry in board.entries],
        "conflicted": _conflicted(request, call, board),
        "form": form,
        "promotion": Promotion.objects.filter(from_round=round_).first(),
        "can_promote": round_.kind in services.PROMOTED_STATUS,
        "rounds": _rounds(call),
    }
    return render(request, "awards/round_ranking.html", context)


@login_required
def decision(request, slug, application_pk):
    call = _call(request, slug)
    deliberation = _deliberation(call)
    board = services.deliberation_scoreboard(deliberation)
    entry = board.entry_of(int(application_pk))
    if entry is None or entry.application.pk in _conflicted(request, call, board):
        raise Http404
    current = getattr(entry.application, "decision", None)
    initial = (
        {
            "outcome": current.outcome,
            "prize_category": current.prize_category_id,
            "justification": current.justification,
            "public_summary": current.public_summary,
        }
        if current
        else {}
    )
    form = DecisionForm(request.POST or None, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        proposal = services.winners_proposal(board=board, call=call)
        proposed = dict(proposal.awards).get(entry.application.pk)
        chosen = form.cleaned_data["prize_category"]
        follows = (chosen.pk if chosen and form.cleaned_data["outcome"] == "prize" else None) == (
            proposed
        )
        try:
            services.decision_record(
                deliberation=deliberation,
                application=entry.application,
                outcome=form.cleaned_data["outcome"],
                prize_category=chosen,
                justification=form.cleaned_data["justification"],
                public_summary=form.cleaned_data["public_summary"],
                follows_proposal=follows,
                actor=request.user,
            )
        except DeliberationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Decision recorded for %(reference)s.")
                % {"reference": entry.application.reference},
            )
            return _back(request, call, f"#application-{entry.application.pk}")
    context = {
        **_frame(request, call),
        "deliberation": deliberation,
        "board": board,
        "entry": entry,
        "form": form,
    }
    return render(request, "awards/decision_form.html", context)


@require_POST
@login_required
def proposal_accept(request, slug):
    call = _call(request, slug)
    form = JustificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why: every decision needs a justification."))
        return _back(request, call, "#proposal")
    try:
        services.proposal_accept(
            deliberation=_deliberation(call),
            justification=form.cleaned_data["justification"],
            actor=request.user,
        )
    except DeliberationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The proposed winners are recorded as decisions."))
    return _back(request, call)


@require_POST
@login_required
def chair_order(request, slug):
    """The chair settles the ties left after every rule: positions typed beside each."""
    call = _call(request, slug)
    deliberation = _deliberation(call)
    board = services.deliberation_scoreboard(deliberation)
    places = []
    for entry in board.entries:
        value = request.POST.get(f"order-{entry.application.pk}", "").strip()
        if value.isdigit():
            places.append((int(value), entry.position or 0, entry.application.pk))
    try:
        services.chair_order_save(
            deliberation=deliberation,
            application_ids=[pk for *_order, pk in sorted(places)],
            actor=request.user,
        )
    except DeliberationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The chair's order is recorded."))
    return _back(request, call, "#ties")


@login_required
def lock(request, slug):
    call = _call(request, slug)
    deliberation = _deliberation(call)
    if request.method == "POST":
        try:
            services.deliberation_lock(deliberation=deliberation, actor=request.user)
        except DeliberationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The deliberation is locked and its minutes written."))
        return _back(request, call)
    context = {
        **_frame(request, call),
        "deliberation": deliberation,
        "undecided": services.undecided(deliberation),
    }
    return render(request, "awards/lock_confirm.html", context)


@login_required
def minutes_pdf(request, slug):
    call = _call(request, slug)
    deliberation = _deliberation(call)
    if not deliberation.is_locked:
        raise Http404
    language = request.GET.get("language") or get_language()
    if language not in ("fr", "ar", "en"):
        raise Http404
    data = minutes_document.minutes_data(deliberation, language=language)
    if not _frame(request, call)["show_names"]:
        # Blind review: the chair reads references, as while scoring.
        rows = [dataclasses.replace(row, organization="") for row in data.rows]
        data = dataclasses.replace(data, rows=rows)
    content = pdf.minutes_pdf(data)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"minutes-{call.slug}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
