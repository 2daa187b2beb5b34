"""The organizers' jury pages of a call (/<lang>/manage/calls/<slug>/jury/…): a jury per
round (deadline, jurors per application), its members and invitations, the round's
scoring grid, manual and automatic assignment, and the jury's progress with reminders
and the reopening of evaluations.

Every view opens to organizers and site admins only (`calls.open_backoffice`) and finds
the call through `call_for_organizer`, which answers 404 for another organizer's call;
everything else is found inside that call. The writes are services, which check
`juries.manage_jury` again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from calls.selectors import call_for_organizer
from juries.forms_manage import (
    CriterionForm,
    InvitationForm,
    JuryForm,
    MemberForm,
    PickForm,
    ReopenForm,
)
from juries.models import Jury
from juries.selectors import manage as selectors
from juries.services import assignment as assignment_services
from juries.services import evaluation as evaluation_services
from juries.services import panel
from juries.services.assignment import AssignmentError
from juries.services.evaluation import EvaluationError
from portal.permissions import role_required

backoffice = role_required("calls.open_backoffice")


def _posted(request):
    return request.POST if request.method == "POST" else None


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _url(name, jury_or_round, *args) -> str:
    round_ = jury_or_round.round if isinstance(jury_or_round, Jury) else jury_or_round
    return reverse(f"jury_manage:{name}", args=[round_.call.slug, round_.pk, *args])


def _context(call, round_, section, **extra):
    return {"call": call, "round": round_, "section": "jury", "jury_section": section, **extra}


def _jury(request, slug, round_pk):
    call = call_for_organizer(user=request.user, slug=slug)
    jury = selectors.jury_of_call(call=call, round_pk=round_pk)
    return call, jury


# --- the juries of a call -------------------------------------------------------------


@backoffice
def juries_home(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    rounds = selectors.rounds_with_juries(call=call)
    context = {"call": call, "rounds": rounds, "section": "jury"}
    return render(request, "juries/manage/home.html", context)


@backoffice
def jury_settings(request, slug, round_pk):
    """Create the round's jury, or change its settings."""
    call = call_for_organizer(user=request.user, slug=slug)
    round_ = selectors.round_of_call(call=call, pk=round_pk)
    jury = Jury.objects.filter(round=round_).first()
    form = JuryForm(_posted(request), instance=jury)
    if request.method == "POST" and form.is_valid():
        try:
            saved = panel.jury_save(round=round_, actor=request.user, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if jury is None:
                messages.success(
                    request, _("The jury is created. Build its scoring grid and invite its jurors.")
                )
                return redirect(_url("members", saved))
            messages.success(request, _("The jury's settings are saved."))
            return redirect("jury_manage:home", slug=call.slug)
    context = _context(call, round_, "settings", form=form, jury=jury)
    return render(request, "juries/manage/jury_form.html", context)


# --- members and invitations ----------------------------------------------------------


def _members_page(request, call, jury, form):
    context = _context(
        call,
        jury.round,
        "members",
        jury=jury,
        members=selectors.members_with_load(jury=jury),
        invitations=selectors.pending_invitations(jury=jury),
        form=form,
    )
    return render(request, "juries/manage/members.html", context)


@backoffice
def members(request, slug, round_pk):
    call, jury = _jury(request, slug, round_pk)
    return _members_page(request, call, jury, InvitationForm())


@backoffice
def invite(request, slug, round_pk):
    call, jury = _jury(request, slug, round_pk)
    if request.method != "POST":
        return redirect(_url("members", jury))
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = panel.invitation_send(
                jury=jury, actor=request.user, language=get_language(), **form.values()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(_url("members", jury))
    return _members_page(request, call, jury, form)


@backoffice
def invitation_resend(request, slug, round_pk, pk):
    call, jury = _jury(request, slug, round_pk)
    invitation = selectors.invitation_of_jury(jury=jury, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        panel.invitation_send(
            jury=jury,
            actor=request.user,
            email=invitation.email,
            role=invitation.role,
            max_assignments=invitation.max_assignments,
            language=get_language(),
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, _("The invitation is sent again to %(email)s.") % {"email": invitation.email}
        )
    return redirect(_url("members", jury))


@backoffice
def invitation_cancel(request, slug, round_pk, pk):
    call, jury = _jury(request, slug, round_pk)
    invitation = selectors.invitation_of_jury(jury=jury, pk=pk)
    if request.method == "POST":
        try:
            panel.invitation_cancel(invitation=invitation, actor=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The invitation is withdrawn: its link no longer works."))
        return redirect(_url("members", jury))
    context = _context(
        call,
        jury.round,
        "members",
        jury=jury,
        what=invitation.email,
        heading=_("Withdraw this invitation?"),
        explanation=_("Its link stops working. You can invite this address again later."),
        button=_("Withdraw the invitation"),
        cancel_url=_url("members", jury),
    )
    return render(request, "juries/manage/confirm.html", context)


@backoffice
def member_edit(request, slug, round_pk, pk):
    call, jury = _jury(request, slug, round_pk)
    member = selectors.member_of_jury(jury=jury, pk=pk)
    form = MemberForm(_posted(request), instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            panel.member_update(member=member, actor=request.user, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The juror's role and limit are saved."))
            return redirect(_url("members", jury))
    member.refresh_from_db()
    context = _context(call, jury.round, "members", jury=jury, member=member, form=form)
    return render(request, "juries/manage/member_form.html", context)


@backoffice
def member_deactivate(request, slug, round_pk, pk):
    call, jury = _jury(request, slug, round_pk)
    member = selectors.member_of_jury(jury=jury, pk=pk)
    if request.method == "POST":
        unfinished = panel.member_deactivate(member=member, actor=request.user)
        if unfinished:
            messages.warning(
                request,
                ngettext(
                    "%(name)s is removed from the jury. %(count)s evaluation was not "
                    "finished: give it to another juror on the assignment page.",
                    "%(name)s is removed from the jury. %(count)s evaluations were not "
                    "finished: give them to other jurors on the assignment page.",
                    unfinished,
                )
                % {"name": member.user, "count": unfinished},
            )
            return redirect(_url("assignment", jury))
        messages.success(request, _("%(name)s is removed from the jury.") % {"name": member.user})
        return redirect(_url("members", jury))
    context = _context(
        call,
        jury.round,
        "members",
        jury=jury,
        what=str(member.user),
        heading=_("Remove this juror from the jury?"),
        explanation=_(
            "Their submitted evaluations are kept. They can no longer open the applications "
            "they have not finished; the assignment page then gives those to other jurors."
        ),
        button=_("Remove from the jury"),
        danger=True,
        cancel_url=_url("members", jury),
    )
    return render(request, "juries/manage/confirm.html", context)


@backoffice
def member_reactivate(request, slug, round_pk, pk):
    call, jury = _jury(request, slug, round_pk)
    member = selectors.member_of_jury(jury=jury, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    panel.member_reactivate(member=member, actor=request.user)
    messages.success(request, _("%(name)s is back in the jury.") % {"name": member.user})
    return redirect(_url("members", jury))


# --- the scoring grid -----------------------------------------------------------------


def _round(request, slug, round_pk):
    call = call_for_organizer(user=request.user, slug=slug)
    return call, selectors.round_of_call(call=call, pk=round_pk)


@backoffice
def grid(request, slug, round_pk):
    call, round_ = _round(request, slug, round_pk)
    context = _context(
        call,
        round_,
        "grid",
        criteria=selectors.grid_criteria(round_=round_),
        state=panel.grid_state(round_),
        jury=Jury.objects.filter(round=round_).first(),
    )
    return render(request, "juries/manage/grid.html", context)


def _grid_anchor(round_, criterion=None) -> str:
    anchor = f"#criterion-{criterion.pk}" if criterion else ""
    return _url("grid", round_) + anchor


def _criterion_page(request, call, round_, form, criterion=None):
    if panel.grid_is_frozen(round_):
        messages.error(
            request,
            _(
                "Evaluations of this round have been submitted: its scoring grid is frozen "
                "and can no longer change."
            ),
        )
        return redirect(_grid_anchor(round_, criterion))
    if request.method == "POST" and form.is_valid():
        try:
            saved = panel.criterion_save(
                round=round_, actor=request.user, criterion=criterion, **form.values()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The criterion is saved."))
            return redirect(_grid_anchor(round_, saved))
    context = _context(
        call, round_, "grid", form=form, criterion=criterion, state=panel.grid_state(round_)
    )
    return render(request, "juries/manage/criterion_form.html", context)


@backoffice
def criterion_add(request, slug, round_pk):
    call, round_ = _round(request, slug, round_pk)
    return _criterion_page(request, call, round_, CriterionForm(_posted(request)))


@backoffice
def criterion_edit(request, slug, round_pk, pk):
    call, round_ = _round(request, slug, round_pk)
    criterion = selectors.criterion_of_round(round_=round_, pk=pk)
    form = CriterionForm(_posted(request), instance=criterion)
    return _criterion_page(request, call, round_, form, criterion)


@backoffice
def criterion_delete(request, slug, round_pk, pk):
    call, round_ = _round(request, slug, round_pk)
    criterion = selectors.criterion_of_round(round_=round_, pk=pk)
    if request.method == "POST":
        try:
            panel.criterion_delete(criterion=criterion, actor=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect(_grid_anchor(round_, criterion))
        messages.success(request, _("The criterion is deleted."))
        return redirect(_grid_anchor(round_))
    context = _context(
        call,
        round_,
        "grid",
        what=criterion.label,
        heading=_("Delete this criterion?"),
        explanation=_("Scores jurors have started to give it are deleted too."),
        refused=panel.grid_is_frozen(round_),
        refusal=_(
            "Evaluations of this round have been submitted: its scoring grid is frozen and "
            "can no longer change."
        ),
        button=_("Delete"),
        danger=True,
        cancel_url=_grid_anchor(round_, criterion),
    )
    return render(request, "juries/manage/confirm.html", context)


@backoffice
def criterion_move(request, slug, round_pk, pk):
    call, round_ = _round(request, slug, round_pk)
    criterion = selectors.criterion_of_round(round_=round_, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    direction = "up" if request.POST.get("direction") == "up" else "down"
    try:
        panel.criterion_move(criterion=criterion, actor=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect(_grid_anchor(round_, criterion))


# --- assignment -----------------------------------------------------------------------


def _grid_refusal(round_) -> str:
    state = panel.grid_state(round_)
    if state.is_valid:
        return ""
    return _(
        "The scoring grid cannot be used yet: %(problems)s Assignment opens once it is valid."
    ) % {"problems": " ".join(state.problems)}


@backoffice
def assignment(request, slug, round_pk):
    """Manual assignment (pick an application or a juror) and the automatic one."""
    call, jury = _jury(request, slug, round_pk)
    progress = selectors.jury_progress(jury=jury)
    by_application = {row.application.pk: row for row in progress.applications}
    applications = list(selectors.round_applications(jury=jury))
    for application in applications:
        row = by_application.get(application.pk)
        application.juror_count = row.assigned if row else 0
        application.received = row.received if row else 0
    context = _context(
        call,
        jury.round,
        "assignment",
        jury=jury,
        jurors=progress.jurors,
        applications=applications,
        short=sum(1 for a in applications if a.juror_count < jury.jurors_per_application),
        grid_refusal=_grid_refusal(jury.round),
    )
    return render(request, "juries/manage/assignment.html", context)


def _percent(share: float) -> int:
    return round(100 * share)


@backoffice
def assignment_preview(request, slug, round_pk):
    """The automatic assignment's plan (GET); confirming (POST) applies it, unless what
    it was made from changed since: then the new plan is shown to confirm again."""
    call, jury = _jury(request, slug, round_pk)
    refusal = _grid_refusal(jury.round)
    if refusal:
        messages.error(request, refusal)
        return redirect(_url("assignment", jury))
    try:
        plan = assignment_services.assignment_preview(jury=jury, actor=request.user)
        if request.method == "POST":
            if request.POST.get("fingerprint") != plan.fingerprint:
                raise AssignmentError(
                    _(
                        "The jury, its applications, its assignments or the conflicts of "
                        "interest changed since the preview you confirmed. Here is the new "
                        "one: check it before confirming."
                    )
                )
            applied = assignment_services.assignment_apply(jury=jury, actor=request.user, plan=plan)
            messages.success(
                request,
                _("The automatic assignment is applied: %(added)s added, %(removed)s taken back.")
                % {"added": len(applied.additions), "removed": len(applied.removals)},
            )
            return redirect(_url("assignment", jury))
    except AssignmentError as error:
        messages.error(request, str(error))
        if request.method == "POST":
            return redirect(_url("assignment_preview", jury))
        return redirect(_url("assignment", jury))
    context = _context(
        call,
        jury.round,
        "assignment",
        jury=jury,
        plan=plan,
        shares={
            "expertise": _percent(plan.expertise_share),
            "region": _percent(plan.region_share),
            "language": _percent(plan.language_share),
        },
        loads=[load for load in plan.loads if load.is_active or load.before or load.added],
    )
    return render(request, "juries/manage/assignment_preview.html", context)


@backoffice
def assign_application(request, slug, round_pk, pk):
    """The jurors of one application: remove one, or pick more."""
    call, jury = _jury(request, slug, round_pk)
    application = selectors.application_of_jury(jury=jury, pk=pk)
    refusal = _grid_refusal(jury.round)
    candidates = selectors.jurors_for_application(jury=jury, application=application)
    form = PickForm(candidates=candidates, label=_("Jurors to add"))
    if request.method == "POST" and not refusal:

        def add(member):
            assignment_services.assignment_add(
                jury=jury, member=member, application=application, actor=request.user
            )

        form, refused, added = _pick_result(request, jury, candidates, _("Jurors to add"), add)
        if form.is_valid():
            _report(request, added, refused)
            return redirect(_url("assign_application", jury, application.pk))
    context = _context(
        call,
        jury.round,
        "assignment",
        jury=jury,
        application=application,
        assignments=selectors.application_assignments(jury=jury, application=application),
        candidates=candidates,
        form=form,
        grid_refusal=refusal,
    )
    return render(request, "juries/manage/assign_application.html", context)


@backoffice
def assign_member(request, slug, round_pk, pk):
    """The applications of one juror: remove one, or pick more."""
    call, jury = _jury(request, slug, round_pk)
    member = selectors.member_of_jury(jury=jury, pk=pk)
    refusal = _grid_refusal(jury.round)
    candidates = (
        selectors.applications_for_member(jury=jury, member=member) if member.is_active else []
    )
    form = PickForm(candidates=candidates, label=_("Applications to add"))
    if request.method == "POST" and not refusal and member.is_active:

        def add(application):
            assignment_services.assignment_add(
                jury=jury, member=member, application=application, actor=request.user
            )

        form, refused, added = _pick_result(
            request, jury, candidates, _("Applications to add"), add
        )
        if form.is_valid():
            _report(request, added, refused)
            return redirect(_url("assign_member", jury, member.pk))
    assignments = selectors.member_assignments(jury=jury, member=member)
    context = _context(
        call,
        jury.round,
        "assignment",
        jury=jury,
        member=member,
        assignments=assignments,
        candidates=candidates,
        form=form,
        grid_refusal=refusal,
        load=len(assignments),
    )
    return render(request, "juries/manage/assign_member.html", context)


def _pick_result(request, jury, candidates, label, add):
    form = PickForm(request.POST, candidates=candidates, label=label)
    if not form.is_valid():
        return form, [], 0
    refused, added = [], 0
    chosen = {candidate.item.pk: candidate.item for candidate in candidates}
    for pk in form.cleaned_data["picked"]:
        try:
            add(chosen[pk])
        except AssignmentError as error:
            refused.append(str(error))
        else:
            added += 1
    return form, refused, added


def _report(request, added, refused):
    if added:
        messages.success(
            request,
            ngettext("%(count)s assignment added.", "%(count)s assignments added.", added)
            % {"count": added},
        )
    for refusal in refused:
        messages.error(request, refusal)


@backoffice
def assignment_remove(request, slug, round_pk, pk):
    call, jury = _jury(request, slug, round_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assignment_ = selectors.assignment_of_jury(jury=jury, pk=pk)
    try:
        assignment_services.assignment_remove(assignment=assignment_, actor=request.user)
    except AssignmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The assignment is removed."))
    if request.POST.get("back") == "member":
        return redirect(_url("assign_member", jury, assignment_.member_id))
    return redirect(_url("assign_application", jury, assignment_.application_id))


# --- progress, reminders, reopening ---------------------------------------------------


@backoffice
def progress(request, slug, round_pk):
    call, jury = _jury(request, slug, round_pk)
    context = _context(
        call, jury.round, "progress", jury=jury, progress=selectors.jury_progress(jury=jury)
    )
    return render(request, "juries/manage/progress.html", context)


@backoffice
def remind(request, slug, round_pk):
    call, jury = _jury(request, slug, round_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reminded = panel.reminders_send_late(jury=jury, actor=request.user)
    if reminded:
        messages.success(
            request,
            ngettext(
                "A reminder is sent to %(count)s juror.",
                "A reminder is sent to %(count)s jurors.",
                len(reminded),
            )
            % {"count": len(reminded)},
        )
    else:
        messages.info(
            request,
            _(
                "No reminder sent: every juror with unfinished evaluations has already been "
                "reminded today, or none is late."
            ),
        )
    return redirect(_url("progress", jury))


@backoffice
def evaluation_reopen(request, slug, round_pk, pk):
    """Give a submitted evaluation back to its juror, with a reason."""
    call, jury = _jury(request, slug, round_pk)
    evaluation = selectors.evaluation_of_jury(jury=jury, pk=pk)
    form = ReopenForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_services.evaluation_reopen(
                evaluation=evaluation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except EvaluationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The evaluation is reopened: %(name)s can change it and submit it again.")
                % {"name": evaluation.assignment.member.user},
            )
            return redirect(_url("assign_application", jury, evaluation.assignment.application_id))
    context = _context(call, jury.round, "progress", jury=jury, evaluation=evaluation, form=form)
    return render(request, "juries/manage/evaluation_reopen.html", context)
