"""The juror's workspace: /<lang>/jury/… — the queue, an assigned application with its
scoring grid (autosaved with htmx), its documents, declaring conflicts of interest.

Every address naming an assignment answers 404 unless the selector finds it among the
person's own assignments they may open; what the pages show comes from the selectors,
with the call's blind review already applied.
"""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from juries.filters import QueueFilter
from juries.forms import (
    APPLICATION,
    ORGANIZATION,
    ConflictForm,
    EvaluationForm,
    OrganizationConflictForm,
)
from juries.models import Criterion
from juries.selectors import workspace as selectors
from juries.services import evaluation as services
from portal.permissions import role_required

WORKSPACE_PERM = "juries.open_workspace"


@role_required(WORKSPACE_PERM)
def workspace(request):
    assignments = selectors.active_assignments(user=request.user)
    filterset = QueueFilter(
        request.GET or None, queryset=selectors.with_progress(assignments), request=request
    )
    return render(
        request,
        "juries/workspace.html",
        {
            "filter": filterset,
            "items": selectors.queue_items(filterset.qs),
            "progress": selectors.queue_progress(assignments),
            "chaired": selectors.calls_chaired(user=request.user),
        },
    )


def _page(request, assignment, *, form=None, error=None, stale=None, summary=None, status=200):
    view = selectors.juror_application(assignment=assignment)
    if form is None:
        form = EvaluationForm(
            initial=EvaluationForm.initial_of(view.evaluation), criteria=view.criteria
        )
    return render(
        request,
        "juries/assignment.html",
        {
            "view": view,
            "form": form,
            "error": error,
            "summary": summary,
            "stale": _stale_context(stale),
            "conflict_form": ConflictForm(blind=view.blind),
            "next_item": (
                selectors.next_to_score(user=request.user) if view.evaluation.is_submitted else None
            ),
        },
        status=status,
    )


def _stale_context(evaluation):
    """What a refused (stale) tab shows: the evaluation as it is now."""
    if evaluation is None:
        return None
    return {
        "assignment_pk": evaluation.assignment_id,
        "updated_at": evaluation.updated_at,
        "overall_comment": evaluation.overall_comment,
        "scores": [
            (criterion, services.score_text(value), comment)
            for criterion, value, comment in selectors.stored_scores(evaluation=evaluation)
        ],
    }


@role_required(WORKSPACE_PERM)
def assignment_detail(request, pk):
    assignment = selectors.assignment_for_juror(user=request.user, pk=pk)
    return _page(request, assignment)


def _criteria(assignment):
    return list(Criterion.objects.filter(round_id=assignment.jury.round_id))


def _save(request, assignment, form):
    """Start the evaluation if needed and save into it what the form holds valid (the
    fields refused are left as stored); (evaluation, error, stale)."""
    if not form.can_save:
        return None, _("Not saved: reload the page and try again."), None
    try:
        evaluation = services.evaluation_start(assignment=assignment, actor=request.user)
        evaluation = services.evaluation_save(
            evaluation=evaluation,
            actor=request.user,
            version=form.cleaned_data["version"],
            scores=form.score_inputs(),
            overall_comment=form.cleaned_data.get("overall_comment"),
        )
    except services.StaleEvaluation as refusal:
        return refusal.evaluation, str(refusal), refusal.evaluation
    except services.EvaluationError as refusal:
        return None, str(refusal), None
    return evaluation, None, None


def _partly_saved(form) -> str:
    """What a save kept and what it refused: "2 scores saved; 1 score needs fixing"."""
    saved, faulty = form.saved_count(), len(form.faulty_rows)
    return _("%(saved)s; %(faulty)s") % {
        "saved": ngettext("%(count)s score saved", "%(count)s scores saved", saved)
        % {"count": saved},
        "faulty": ngettext("%(count)s score needs fixing", "%(count)s scores need fixing", faulty)
        % {"count": faulty},
    }


@role_required(WORKSPACE_PERM)
@require_POST
def evaluation_save(request, pk):
    """Autosave (htmx, a moment after typing stops) or the "save the draft" button. What is
    valid is saved; a field refused is marked beside itself and left as stored."""
    assignment = selectors.assignment_for_juror(user=request.user, pk=pk)
    form = EvaluationForm(request.POST, criteria=_criteria(assignment))
    complete = form.is_valid()
    evaluation, error, stale = _save(request, assignment, form)
    saved = error is None
    partly = _partly_saved(form) if saved and not complete else None
    if request.htmx:
        return render(
            request,
            "juries/includes/save_state.html",
            {
                "error": error,
                "partly": partly,
                "saved_at": evaluation.updated_at if saved else None,
                "version": evaluation.version if saved else None,
                "form": form,
                "saved": saved,
                "stale": _stale_context(stale),
            },
        )
    if saved and complete:
        messages.success(request, _("Your evaluation is saved as a draft."))
        return redirect("jury:assignment", pk=pk)
    if saved:
        form.carry_version(evaluation.version)
    return _page(request, assignment, form=form, error=error, stale=stale, summary=partly)


@role_required(WORKSPACE_PERM)
@require_POST
def evaluation_submit(request, pk):
    """Save what the page holds, then submit it: every criterion scored, then locked. A
    refusal keeps what is valid as the draft and lists what to fix above the grid."""
    assignment = selectors.assignment_for_juror(user=request.user, pk=pk)
    form = EvaluationForm(request.POST, criteria=_criteria(assignment), require_all=True)
    complete = form.is_valid()
    evaluation, error, stale = _save(request, assignment, form)
    saved = error is None
    if saved and complete:
        try:
            services.evaluation_submit(
                evaluation=evaluation, actor=request.user, version=evaluation.version
            )
        except services.StaleEvaluation as refusal:
            error, stale = str(refusal), refusal.evaluation
        except services.EvaluationError as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                _("Your evaluation of %(reference)s is submitted. Thank you!")
                % {"reference": assignment.application.reference},
            )
            return redirect("jury:assignment", pk=pk)
    if saved:
        form.carry_version(evaluation.version)
    summary = None
    if error is None:
        faulty = len(form.faulty_rows)
        summary = ngettext(
            "Not submitted: %(count)s criterion needs fixing.",
            "Not submitted: %(count)s criteria need fixing.",
            faulty,
        ) % {"count": faulty}
    return _page(request, assignment, form=form, error=error, stale=stale, summary=summary)


@role_required(WORKSPACE_PERM)
@require_POST
def conflict_declare(request, pk):
    """Declare a conflict with this application or (outside blind review) its organization;
    the application leaves the juror's queue at once."""
    assignment = selectors.assignment_for_juror(user=request.user, pk=pk)
    application = assignment.application
    form = ConflictForm(request.POST, blind=assignment.jury.call.blind_review)
    if not form.is_valid():
        messages.error(request, _("Choose what the conflict of interest is with."))
        return redirect("jury:assignment", pk=pk)
    target = form.cleaned_data["target"]
    organization = application.organization if target == ORGANIZATION else None
    if target == ORGANIZATION and organization is None:
        target = APPLICATION
    try:
        services.conflict_declare(
            actor=request.user,
            application=application if target == APPLICATION else None,
            organization=organization,
            reason=form.cleaned_data["reason"],
        )
    except services.EvaluationError as refusal:
        messages.error(request, str(refusal))
        return redirect("jury:assignment", pk=pk)
    messages.success(
        request,
        _(
            "Your conflict of interest is recorded and %(reference)s has left your queue. "
            "The organizers will give it to another juror."
        )
        % {"reference": application.reference},
    )
    return redirect("jury:workspace")


@role_required(WORKSPACE_PERM)
def document(request, pk, attachment_pk):
    """A document of the application, opened in the browser when it can show it, under a
    neutral name (never the applicant's file name)."""
    assignment = selectors.assignment_for_juror(user=request.user, pk=pk)
    found = selectors.juror_document(assignment=assignment, attachment_pk=attachment_pk)
    return _file_response(found)


@role_required(WORKSPACE_PERM)
def requested_document(request, pk, request_pk):
    """A document the organizers asked for after the submission and received, served as
    the submitted ones are."""
    assignment = selectors.assignment_for_juror(user=request.user, pk=pk)
    found = selectors.juror_requested_document(assignment=assignment, request_pk=request_pk)
    return _file_response(found)


def _file_response(found):
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=not found.inline,
        filename=found.filename,
        content_type=found.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(WORKSPACE_PERM)
def conflicts(request):
    """The juror's declared conflicts, and declaring a link with an organization by name."""
    organizations = selectors.organizations_open_to_juror(user=request.user)
    form = OrganizationConflictForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        services.conflict_declare(
            actor=request.user,
            organization=form.organization,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            _(
                "Your link with %(name)s is recorded: its applications will not be given to "
                "you, and any already given have left your queue."
            )
            % {"name": form.organization.name},
        )
        return redirect("jury:conflicts")
    return render(
        request,
        "juries/conflicts.html",
        {
            "form": form,
            "organizations": form.organizations,
            "declared": selectors.declared_conflicts(user=request.user),
        },
    )
