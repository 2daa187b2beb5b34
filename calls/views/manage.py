"""The organizers' back-office: their calls, each call's settings, eligibility rules,
application form, prize categories and rounds.

Every view opens to organizers and site admins only (`calls.open_backoffice`) and finds
the call through a selector that answers 404 for another organizer's call; the writes
are `calls.services` functions.
"""

import copy
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from calls import services
from calls.eligibility import requirement
from calls.enums import QuestionKind, RuleKind
from calls.forms.manage import (
    CallForm,
    DuplicateCallForm,
    PrizeCategoryFormSet,
    QuestionForm,
    RoundFormSet,
    RuleForm,
    StepForm,
    formset_changes,
)
from calls.selectors import (
    call_for_organizer,
    call_overview,
    calls_for_manage_home,
    form_steps,
    question_of_call,
    rule_of_call,
    step_of_call,
)
from portal.permissions import role_required

backoffice = role_required("calls.open_backoffice")


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _direction(request):
    return "up" if request.POST.get("direction") == "up" else "down"


def _anchored(name, slug, anchor):
    return redirect(f"{reverse(name, args=[slug])}#{anchor}")


def _moved(request, move, *, page, slug, anchor):
    """Move an item one place up or down (POST only) and return to it on its page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    move(actor=request.user, direction=_direction(request))
    return _anchored(page, slug, anchor)


def _deleted(request, delete, *, message, done, refused):
    """Delete (POST), then go to `done`; a refusal's message is shown back at `refused`."""
    try:
        delete(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return refused
    messages.success(request, message)
    return done


# --- calls ----------------------------------------------------------------------------


@backoffice
def backoffice_home(request):
    calls = calls_for_manage_home(user=request.user)
    return render(request, "calls/manage/home.html", {"calls": calls})


@backoffice
def call_create(request):
    form = CallForm(*_posted(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _(
                    "The call is created, unpublished: add its eligibility rules and its "
                    "application form, then publish it from its overview."
                ),
            )
            return redirect("manage:call", slug=call.slug)
    return render(request, "calls/manage/call_form.html", {"form": form, "call": None})


@backoffice
def call_detail(request, slug):
    call = call_overview(user=request.user, slug=slug)
    rules = [(rule, requirement(rule)) for rule in call.eligibility_rules.all()]
    context = {"call": call, "rules": rules, "steps": form_steps(call=call), "section": "overview"}
    return render(request, "calls/manage/call_detail.html", context)


@backoffice
def call_edit(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    # The form works on a copy: the page keeps showing the call as saved.
    form = CallForm(*_posted(request), instance=copy.copy(call), actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_update(call=call, actor=request.user, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The call's settings are saved."))
            return redirect("manage:call", slug=call.slug)
    context = {"form": form, "call": call, "section": "settings"}
    return render(request, "calls/manage/call_form.html", context)


def _publication(request, slug, *, published: bool):
    """GET: what publishing (or unpublishing) the call does; POST: do it."""
    call = call_for_organizer(user=request.user, slug=slug)
    if request.method == "POST":
        services.call_publication_set(call=call, actor=request.user, published=published)
        messages.success(
            request,
            _("The call is published.")
            if published
            else _("The call is unpublished: only its organizers see it."),
        )
        return redirect("manage:call", slug=call.slug)
    context = {"call": call, "publish": published, "section": "overview"}
    return render(request, "calls/manage/call_publication.html", context)


@backoffice
@require_http_methods(["GET", "POST"])
def call_publish(request, slug):
    return _publication(request, slug, published=True)


@backoffice
@require_http_methods(["GET", "POST"])
def call_unpublish(request, slug):
    return _publication(request, slug, published=False)


@backoffice
def call_duplicate(request, slug):
    source = call_for_organizer(user=request.user, slug=slug)
    form = DuplicateCallForm(*_posted(request)[:1], source=source)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_duplicate(source=source, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _(
                    "This is the new edition, not published yet. Check its dates, texts and "
                    "form, then publish it."
                ),
            )
            return redirect("manage:call", slug=call.slug)
    context = {"form": form, "call": source, "section": "duplicate"}
    return render(request, "calls/manage/call_duplicate.html", context)


# --- eligibility rules ----------------------------------------------------------------


@backoffice
def rule_list(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    rules = [(rule, requirement(rule)) for rule in call.eligibility_rules.all()]
    context = {"call": call, "rules": rules, "kinds": RuleKind.choices, "section": "rules"}
    return render(request, "calls/manage/rule_list.html", context)


def _rule_form_page(request, call, form):
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.rule_save(
                call=call,
                actor=request.user,
                rule=form.instance if form.instance.pk else None,
                **form.values(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The eligibility rule is saved."))
            return _anchored("manage:rules", call.slug, f"rule-{rule.pk}")
    context = {"call": call, "form": form, "section": "rules"}
    return render(request, "calls/manage/rule_form.html", context)


@backoffice
def rule_add(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    kind = request.GET.get("kind")
    if kind not in RuleKind.values:
        return redirect("manage:rules", slug=call.slug)
    return _rule_form_page(request, call, RuleForm(*_posted(request)[:1], kind=kind))


@backoffice
def rule_edit(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    rule = rule_of_call(call=call, pk=pk)
    return _rule_form_page(request, call, RuleForm(*_posted(request)[:1], instance=rule))


@backoffice
def rule_delete(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    rule = rule_of_call(call=call, pk=pk)
    if request.method == "POST":
        services.rule_delete(rule=rule, actor=request.user)
        messages.success(request, _("The eligibility rule is deleted."))
        return redirect("manage:rules", slug=call.slug)
    context = {
        "call": call,
        "section": "rules",
        "what": requirement(rule),
        "heading": _("Delete this eligibility rule?"),
        "cancel_url": reverse("manage:rules", args=[call.slug]),
    }
    return render(request, "calls/manage/confirm_delete.html", context)


@backoffice
def rule_move(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    rule = rule_of_call(call=call, pk=pk)
    return _moved(
        request,
        partial(services.rule_move, rule=rule),
        page="manage:rules",
        slug=call.slug,
        anchor=f"rule-{rule.pk}",
    )


# --- the application form -------------------------------------------------------------


@backoffice
def form_builder(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    context = {
        "call": call,
        "steps": form_steps(call=call),
        "kinds": QuestionKind.choices,
        "section": "form",
    }
    return render(request, "calls/manage/form_builder.html", context)


def _saved_or_form(request, call, form, save, *, message, anchor, template, extra=None):
    """Run `save` with the form's values when it is valid; the form page otherwise."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(**form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, message)
            return _anchored("manage:form", call.slug, anchor(saved))
    context = {"call": call, "form": form, "section": "form", **(extra or {})}
    return render(request, template, context)


@backoffice
def step_add(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)

    def save(**values):
        return services.step_save(call=call, actor=request.user, **values)

    return _saved_or_form(
        request,
        call,
        StepForm(*_posted(request)[:1]),
        save,
        message=_("The step is added."),
        anchor=lambda step: f"step-{step.pk}",
        template="calls/manage/step_form.html",
    )


@backoffice
def step_edit(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    step = step_of_call(call=call, pk=pk)

    def save(**values):
        return services.step_save(call=call, actor=request.user, step=step, **values)

    return _saved_or_form(
        request,
        call,
        StepForm(*_posted(request)[:1], instance=step),
        save,
        message=_("The step is saved."),
        anchor=lambda step: f"step-{step.pk}",
        template="calls/manage/step_form.html",
    )


@backoffice
def step_delete(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    step = step_of_call(call=call, pk=pk)
    if request.method == "POST":
        return _deleted(
            request,
            partial(services.step_delete, step=step),
            message=_("The step is deleted."),
            done=redirect("manage:form", slug=call.slug),
            refused=_anchored("manage:form", call.slug, f"step-{step.pk}"),
        )
    count = step.questions.count()
    context = {
        "call": call,
        "section": "form",
        "what": step.title,
        "heading": _("Delete this step?"),
        "question_count": count,
        "refused": bool(call.form_locked_at and count),
        "cancel_url": f"{reverse('manage:form', args=[call.slug])}#step-{step.pk}",
    }
    return render(request, "calls/manage/confirm_delete.html", context)


@backoffice
def step_move(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    step = step_of_call(call=call, pk=pk)
    return _moved(
        request,
        partial(services.step_move, step=step),
        page="manage:form",
        slug=call.slug,
        anchor=f"step-{step.pk}",
    )


@backoffice
def question_add(request, slug, step_pk):
    call = call_for_organizer(user=request.user, slug=slug)
    step = step_of_call(call=call, pk=step_pk)
    kind = request.GET.get("kind")
    form = QuestionForm(
        *_posted(request)[:1],
        kind=kind if kind in QuestionKind.values else None,
        locked=bool(call.form_locked_at),
    )

    def save(**values):
        return services.question_save(step=step, actor=request.user, **values)

    return _saved_or_form(
        request,
        call,
        form,
        save,
        message=_("The question is added."),
        anchor=lambda question: f"question-{question.pk}",
        template="calls/manage/question_form.html",
        extra={"step": step},
    )


@backoffice
def question_edit(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    question = question_of_call(call=call, pk=pk)
    form = QuestionForm(*_posted(request)[:1], instance=question, locked=bool(call.form_locked_at))

    def save(**values):
        return services.question_save(
            step=question.step, actor=request.user, question=question, **values
        )

    return _saved_or_form(
        request,
        call,
        form,
        save,
        message=_("The question is saved."),
        anchor=lambda question: f"question-{question.pk}",
        template="calls/manage/question_form.html",
        extra={"step": question.step},
    )


@backoffice
def question_delete(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    question = question_of_call(call=call, pk=pk)
    if request.method == "POST":
        return _deleted(
            request,
            partial(services.question_delete, question=question),
            message=_("The question is deleted."),
            done=_anchored("manage:form", call.slug, f"step-{question.step_id}"),
            refused=_anchored("manage:form", call.slug, f"question-{question.pk}"),
        )
    context = {
        "call": call,
        "section": "form",
        "what": question.label,
        "heading": _("Delete this question?"),
        "refused": bool(call.form_locked_at),
        "cancel_url": f"{reverse('manage:form', args=[call.slug])}#question-{question.pk}",
    }
    return render(request, "calls/manage/confirm_delete.html", context)


@backoffice
def question_move(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    question = question_of_call(call=call, pk=pk)
    return _moved(
        request,
        partial(services.question_move, question=question),
        page="manage:form",
        slug=call.slug,
        anchor=f"question-{question.pk}",
    )


# --- prize categories and rounds ------------------------------------------------------


def _formset_page(request, call, formset, save, *, message, template, section):
    error = None
    if request.method == "POST" and formset.is_valid():
        rows, deleted = formset_changes(formset)
        try:
            save(call=call, actor=request.user, rows=rows, deleted=deleted)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, message)
            return redirect(request.path)
    context = {"call": call, "formset": formset, "error": error, "section": section}
    return render(request, template, context)


@backoffice
def prize_categories(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    return _formset_page(
        request,
        call,
        PrizeCategoryFormSet(*_posted(request)[:1], instance=call, prefix="prizes"),
        services.prize_categories_save,
        message=_("The prize categories are saved."),
        template="calls/manage/prize_categories.html",
        section="prizes",
    )


@backoffice
def rounds(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    return _formset_page(
        request,
        call,
        RoundFormSet(*_posted(request)[:1], instance=call, prefix="rounds"),
        services.rounds_save,
        message=_("The rounds are saved."),
        template="calls/manage/rounds.html",
        section="rounds",
    )
