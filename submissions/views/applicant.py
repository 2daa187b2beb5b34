"""The applicant's pages: start an application, the dashboard, an application, its
receipt, its files, withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import organization_for_user
from calls.models import Question
from calls.selectors import form_steps, public_call
from submissions import selectors, services
from submissions.enums import COUNTED, EDITABLE, WITHDRAWABLE, ApplicationStatus
from submissions.forms import UploadForm, WithdrawForm, part_name, working_copy_parts
from submissions.services import answers_summary


@login_required
def apply_start(request, slug):
    """Continue the person's draft for the call, or start one (a POST: starting creates it)."""
    call = public_call(slug=slug)
    mine = list(selectors.applications_of_applicant(user=request.user).filter(call=call))
    draft = next((a for a in mine if a.status == ApplicationStatus.DRAFT), None)
    if draft and call.is_open:
        return redirect("apply:wizard", slug=slug, pk=draft.pk)
    error = None
    if request.method == "POST":
        try:
            application = services.application_start(call=call, applicant=request.user)
        except services.ApplicationError as refusal:
            error = str(refusal)
        else:
            return redirect("apply:wizard", slug=slug, pk=application.pk)
    counted = [a for a in mine if a.status in COUNTED]
    return render(
        request,
        "submissions/apply_start.html",
        {
            "call": call,
            "error": error,
            "sent": [a for a in mine if a.status != ApplicationStatus.DRAFT],
            "can_start": call.is_open and len(counted) < call.max_applications_per_organization,
            "steps": form_steps(call=call),
            "organization": organization_for_user(user=request.user),
        },
    )


@login_required
def wizard_resume(request, slug, pk):
    application = selectors.application_for_applicant(user=request.user, pk=pk, call_slug=slug)
    step = application.form_step or "organization"
    return redirect("apply:step", slug=slug, pk=pk, step=step)


def _step_url_of(application, question):
    """The wizard step that asks `question`."""
    kwargs = {"slug": application.call.slug, "pk": application.pk, "step": part_name(question.step)}
    return reverse("apply:step", kwargs=kwargs)


def _files_response(request, application, question, error=None):
    """The question's file list (htmx), or back to its step (plain form posts)."""
    if request.htmx:
        files = selectors.attachments_by_question(application=application).get(question.pk, [])
        return render(
            request,
            "submissions/includes/attachments.html",
            {"application": application, "question": question, "files": files, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect(_step_url_of(application, question))


@login_required
@require_POST
def attachment_upload(request, slug, pk, question_pk):
    application = selectors.application_for_applicant(user=request.user, pk=pk, call_slug=slug)
    question = get_object_or_404(Question, pk=question_pk, step__call_id=application.call_id)
    form = UploadForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            services.attachment_add(
                application=application,
                question=question,
                uploaded_file=form.cleaned_data["file"],
                actor=request.user,
            )
        except services.ApplicationError as refusal:
            error = str(refusal)
    else:
        error = " ".join(form.errors["file"])
    return _files_response(request, application, question, error)


@login_required
@require_POST
def attachment_delete(request, slug, pk, attachment_pk):
    attachment = selectors.attachment_for_applicant(
        user=request.user, application_pk=pk, pk=attachment_pk
    )
    application, question = attachment.application, attachment.question
    error = None
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except services.ApplicationError as refusal:
        error = str(refusal)
    return _files_response(request, application, question, error)


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment = selectors.attachment_for_applicant(
        user=request.user, application_pk=pk, pk=attachment_pk
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def dashboard(request):
    return render(
        request,
        "submissions/dashboard.html",
        {
            "organization": organization_for_user(user=request.user),
            "applications": selectors.dashboard_applications(user=request.user),
        },
    )


def _application_context(request, pk):
    application = selectors.application_with_history(user=request.user, pk=pk)
    attached = selectors.attachments_by_question(application=application)
    context = {
        "application": application,
        "call": application.call,
        "attached": attached,
        "can_edit": application.status in EDITABLE and application.call.is_open,
        "can_withdraw": application.status in WITHDRAWABLE,
    }
    if application.status == ApplicationStatus.DRAFT:
        context["parts"] = working_copy_parts(
            call_steps=form_steps(call=application.call),
            form_data=application.form_data,
            attached=attached,
        )
    else:
        context["summary"] = answers_summary(application=application)
        context["submitted_files"] = selectors.submitted_attachments(application=application)
        context["unsent_changes"] = context["can_edit"] and selectors.has_unsent_changes(
            application=application
        )
    return context


@login_required
def application_detail(request, pk):
    return render(request, "submissions/application_detail.html", _application_context(request, pk))


@login_required
def application_receipt(request, pk):
    context = _application_context(request, pk)
    if context["application"].status == ApplicationStatus.DRAFT:
        return redirect("me:application", pk=pk)
    return render(request, "submissions/receipt.html", context)


@login_required
def application_withdraw(request, pk):
    application = selectors.application_for_applicant(user=request.user, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        was_draft = application.status == ApplicationStatus.DRAFT
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ApplicationError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("The draft is discarded.") if was_draft else _("Your application is withdrawn."),
            )
        return redirect("me:application", pk=pk)
    return render(request, "submissions/withdraw.html", {"application": application, "form": form})
