"""The organizers' pages for a call's ranking rules and its results
(/<lang>/manage/calls/<slug>/ranking-rules/ and …/results/): announcement, publication now
or at a set time, result notices prepared as drafts, previewed, released together, and the
progress of their sending.

Organizers of the call and site admins only: for anyone else signed in (another
organizer, an applicant, a juror, the jury's chair) the call answers 404, as on the
deliberation pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.forms import PolicyForm, PublicationForm, ScheduleForm
from awards.models import ResultNotice
from awards.services import publication as services
from awards.services.policy import PolicyError, policy_is_editable, policy_of, policy_save
from awards.services.publication import PublicationError
from calls.selectors import call_for_organizer
from notifications.services import render_email

backoffice = login_required
NOTICES_PER_PAGE = 50


def _call(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    user = request.user
    if not (
        user.has_perm("calls.manage_call", call) and user.has_perm("awards.publish_results", call)
    ):
        raise Http404
    return call


@backoffice
def ranking_rules(request, slug):
    call = _call(request, slug)
    policy = policy_of(call)
    editable = policy_is_editable(call)
    form = PolicyForm(request.POST or None, instance=policy)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and editable and form.is_valid():
        try:
            policy_save(call=call, actor=request.user, **form.values())
        except PolicyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The ranking rules are saved."))
            return redirect("awards_manage:ranking_rules", call.slug)
    context = {"call": call, "form": form, "editable": editable, "section": "ranking_rules"}
    return render(request, "awards/manage/ranking_rules.html", context)


def _publication_context(call, publication, **extra):
    deliberation = getattr(call, "deliberation", None)
    return {
        "call": call,
        "section": "results",
        "publication": publication,
        "locked": bool(deliberation and deliberation.is_locked),
        "progress": services.notices_progress(publication),
        **extra,
    }


@backoffice
def results(request, slug):
    call = _call(request, slug)
    publication = services.publication_of(call)
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_save(call=call, actor=request.user, **form.values())
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The announcement is saved."))
            return redirect("awards_manage:results", call.slug)
    schedule_form = ScheduleForm(initial={"at": publication.scheduled_at or call.results_at})
    context = _publication_context(call, publication, form=form, schedule_form=schedule_form)
    return render(request, "awards/manage/results.html", context)


def _attempt(request, action, success: str):
    try:
        action()
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@require_POST
@backoffice
def publish(request, slug):
    call = _call(request, slug)
    _attempt(
        request,
        lambda: services.results_publish(call=call, actor=request.user),
        _("The results are public."),
    )
    return redirect("awards_manage:results", call.slug)


@require_POST
@backoffice
def schedule(request, slug):
    call = _call(request, slug)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a date and a time."))
    else:
        _attempt(
            request,
            lambda: services.results_schedule(
                call=call, actor=request.user, at=form.cleaned_data["at"]
            ),
            _("The results will be published at the time set."),
        )
    return redirect("awards_manage:results", call.slug)


@require_POST
@backoffice
def notices_prepare(request, slug):
    call = _call(request, slug)
    _attempt(
        request,
        lambda: services.notices_prepare(call=call, actor=request.user),
        _("The result notices are ready to review."),
    )
    return redirect("awards_manage:notices", call.slug)


@backoffice
def notices(request, slug):
    """The prepared notices, a page at a time, each with its outcome and language."""
    call = _call(request, slug)
    publication = services.publication_of(call)
    page = Paginator(
        ResultNotice.objects.filter(publication=publication)
        .select_related("application", "message")
        .order_by("application__reference_number", "pk"),
        NOTICES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context = _publication_context(call, publication, page=page)
    template = "awards/manage/includes/notices_progress.html" if request.htmx else None
    return render(request, template or "awards/manage/notices.html", context)


@backoffice
def notice_preview(request, slug, pk):
    """One notice as its applicant will read it."""
    call = _call(request, slug)
    notice = get_object_or_404(
        ResultNotice.objects.select_related(
            "application__applicant", "application__call", "application__decision__prize_category"
        ),
        publication__call=call,
        pk=pk,
    )
    subject, body_text, _html = render_email(
        template="awards/email/result",
        context=services.notice_context(notice),
        language=notice.language,
    )
    context = _publication_context(
        call, notice.publication, notice=notice, subject=subject, body_text=body_text
    )
    return render(request, "awards/manage/notice_preview.html", context)


@require_POST
@backoffice
def notices_release(request, slug):
    call = _call(request, slug)
    try:
        released = services.notices_release(call=call, actor=request.user)
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        if released:
            messages.success(request, _("The result notices are being sent."))
    return redirect("awards_manage:notices", call.slug)
