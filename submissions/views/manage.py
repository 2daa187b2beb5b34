"""The organizers' pages of a call's applications (/<lang>/manage/calls/<slug>/applications/…):
the list (filters, search, sorting, pages, bulk screening and messages), an application's
page (answers, documents, profile, revisions, jury, screening, history) and its files.

Every view opens to organizers and site admins only (`calls.open_backoffice`: others get
403, visitors the login page) and finds the call through `call_for_organizer`, which
answers 404 for another organizer's call; applications are found inside that call, drafts
never (they are their applicant's). The writes are `submissions.services_screening`
functions, which check again.
"""

import datetime
import uuid
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HTMX_STOP_POLLING

from accounts.enums import LegalForm, Region, Sector
from calls.selectors import call_for_organizer
from portal.permissions import role_required
from submissions import selectors_bulk as bulk_selectors
from submissions import selectors_manage as selectors
from submissions.enums import ApplicationStatus, BulkActionKind
from submissions.filters_manage import (
    FLAG_CHOICES,
    SORT_CHOICES,
    ApplicationFilter,
    list_query,
)
from submissions.forms_documents import DocumentRequestForm
from submissions.forms_manage import (
    BULK_ACTIONS,
    BulkScreeningForm,
    MessageForm,
    ScreeningForm,
    SelectionForm,
)
from submissions.services import ApplicationError, answers_summary
from submissions.services_bulk import bulk_action_start
from submissions.services_screening import (
    application_screen,
    bulk_reason_required,
    message_recipients,
    recipient_languages,
    screening_preview,
)

backoffice = role_required("calls.open_backoffice")
SECTION = "applications"

REGIONS, LEGAL_FORMS, SECTORS = dict(Region.choices), dict(LegalForm.choices), dict(Sector.choices)
FLAG_LABELS = dict(FLAG_CHOICES)
# The columns a header link sorts, and the order a first click gives.
SORTABLE = {"reference": "", "submitted": "-", "score": "-", "organization": ""}


def _list_url(call, query: str = "") -> str:
    url = reverse("applications_manage:list", args=[call.slug])
    return f"{url}?{query}" if query else url


def _detail_url(call, application, back: str = "") -> str:
    url = reverse("applications_manage:detail", args=[call.slug, application.pk])
    return f"{url}?back={_encoded(back)}" if back else url


def _encoded(query: str) -> str:
    return quote(query, safe="")


def _label(choices: dict, value) -> str:
    return str(choices.get(value, value or "—"))


class Row:
    """One line of the list."""

    def __init__(self, application):
        self.application = application
        self.region = _label(REGIONS, application.region)
        self.legal_form = _label(LEGAL_FORMS, application.legal_form)
        self.sector = _label(SECTORS, application.sector)
        self.flags = [(flag, FLAG_LABELS[flag]) for flag in selectors.flags_of(application)]


def _sort_links(current: str) -> dict[str, dict]:
    """For each sortable column: the sort a click on its header asks for, and how the list
    is sorted by it now (for aria-sort)."""
    links = {}
    for column, first in SORTABLE.items():
        if current.lstrip("-") == column:
            descending = current.startswith("-")
            links[column] = {
                "sort": column if descending else f"-{column}",
                "aria": "descending" if descending else "ascending",
            }
        else:
            links[column] = {"sort": f"{first}{column}", "aria": ""}
    return links


@backoffice
@require_safe
def application_list(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    filterset = ApplicationFilter(
        request.GET, queryset=selectors.application_list(call=call), call=call
    )
    paginator = Paginator(filterset.qs, filterset.per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = list_query(request.GET)
    context = {
        "call": call,
        "section": SECTION,
        "filter": filterset,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "rows": [Row(application) for application in page.object_list],
        "counts": selectors.application_counts(call=call),
        "sort_links": _sort_links(filterset.sort_key),
        "sort_label": dict(SORT_CHOICES)[filterset.sort_key],
        "query": query,
        "filter_query": list_query(request.GET, keep_page=False),
        "back": _encoded(query),
        "bulk_actions": BULK_ACTIONS,
    }
    return render(request, "submissions/manage/list.html", context)


# --- one application ------------------------------------------------------------------


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


def _profile_rows(profile: dict) -> list[tuple[str, object]]:
    """The submitted profile in words, field by field."""
    rows = [
        (_("Name"), profile.get("name")),
        (_("Legal form"), _label(LEGAL_FORMS, profile.get("legal_form"))),
        (_("Registration number"), profile.get("registration_number")),
        (_("Region"), _label(REGIONS, profile.get("region"))),
        (_("Province or prefecture"), profile.get("province")),
        (_("Sector"), _label(SECTORS, profile.get("sector"))),
        (_("Founding date"), _date(profile.get("founded_on"))),
        (_("Members"), profile.get("members_count")),
        (_("Women members"), profile.get("women_members_count")),
        (_("Members aged 18 to 35"), profile.get("youth_members_count")),
        (_("Phone"), profile.get("contact_phone")),
    ]
    return [(label, value) for label, value in rows if value not in (None, "")]


def _back(request) -> str:
    """The list's parameters the page came with, to go back to the same list."""
    return list_query(request.GET.get("back") or request.POST.get("back") or "")


def _detail_page(request, call, application, *, screening_form=None, status=200):
    back = _back(request)
    screening = selectors.screening_of(application=application)
    initial = {}
    if application.status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
        initial["decision"] = application.status
    context = {
        "call": call,
        "section": SECTION,
        "application": application,
        "back": back,
        "back_encoded": _encoded(back),
        "list_url": _list_url(call, back),
        "screening": screening,
        "screening_form": screening_form
        or ScreeningForm(automatic=application.eligible_at_submission, initial=initial),
        "can_screen": application.status
        in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE),
        "summary": answers_summary(application=application),
        "documents": selectors.submitted_documents(application=application),
        "profile_rows": _profile_rows(application.submitted_profile),
        "revisions": selectors.submissions_of(application=application),
        "rounds": selectors.jury_summary(application=application),
        "conflicts": selectors.conflicts_of(application=application),
        "history": selectors.history_of(application=application),
        "document_form": DocumentRequestForm(application=application),
    }
    return render(request, "submissions/manage/detail.html", context, status=status)


@backoffice
@require_safe
def application_detail(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    application = selectors.application_for_organizer(call=call, pk=pk)
    return _detail_page(request, call, application)


@backoffice
@require_POST
def application_screening(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    application = selectors.application_for_organizer(call=call, pk=pk)
    form = ScreeningForm(request.POST, automatic=application.eligible_at_submission)
    if form.is_valid():
        try:
            application = application_screen(
                application=application,
                to=form.cleaned_data["decision"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("%(reference)s is now “%(status)s”.")
                % {"reference": application.reference, "status": application.get_status_display()},
            )
            return redirect(f"{_detail_url(call, application, _back(request))}#screening")
    return _detail_page(request, call, application, screening_form=form, status=400)


@backoffice
@require_safe
def attachment_download(request, slug, pk, attachment_pk):
    call = call_for_organizer(user=request.user, slug=slug)
    attachment = selectors.submitted_attachment_for_organizer(
        call=call, application_pk=pk, pk=attachment_pk
    )
    try:
        document = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        document,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# --- bulk actions ---------------------------------------------------------------------


def _selected(call, selection: SelectionForm):
    """The applications a bulk action concerns: every one matching the list's filter, or
    those ticked (the call's received ones only)."""
    received = selectors.received_applications(call=call)
    if selection.cleaned_data["select_all"]:
        filterset = ApplicationFilter(
            _query_dict(selection.cleaned_data["query"]),
            queryset=selectors.application_list(call=call),
            call=call,
        )
        return received.filter(pk__in=filterset.qs.values("pk"))
    return received.filter(pk__in=selection.cleaned_data["application"])


def _query_dict(query: str) -> QueryDict:
    return QueryDict(list_query(query, keep_page=False))


@backoffice
@require_POST
def bulk_action(request, slug):
    """A bulk action chosen on the list: first a page saying what it will do (and asking
    for the reason or the message), then, confirmed, done."""
    call = call_for_organizer(user=request.user, slug=slug)
    selection = SelectionForm(request.POST)
    if not selection.is_valid():
        messages.error(request, " ".join(" ".join(e) for e in selection.errors.values()))
        return redirect(_list_url(call, list_query(request.POST.get("query", ""))))
    query = list_query(selection.cleaned_data["query"])
    applications = _selected(call, selection)
    count = applications.count()
    if count == 0:
        messages.error(
            request,
            _(
                "No application is selected: tick the applications concerned, or choose every "
                "application matching the filter. Nothing was done."
            ),
        )
        return redirect(_list_url(call, query))
    confirmed = request.POST.get("confirmed") == "1"
    action = selection.cleaned_data["action"]
    token = selection.cleaned_data["token"] or uuid.uuid4()
    context = {
        "call": call,
        "section": SECTION,
        "selection": selection,
        "token": token,
        "action": action,
        "action_label": dict(selection.fields["action"].choices)[action],
        "count": count,
        "list_url": _list_url(call, query),
        "query": query,
    }
    to = selection.screening_status
    if to is None:
        form = MessageForm(
            request.POST if confirmed else None,
            readers=recipient_languages(call=call, applications=applications),
        )
        kind = BulkActionKind.MESSAGE
        context["recipients"] = message_recipients(call=call, applications=applications)
    else:
        preview = screening_preview(call=call, applications=applications, to=to)
        form = BulkScreeningForm(
            request.POST if confirmed else None,
            reason_required=bulk_reason_required(to=to, contradicting=preview.contradicting),
        )
        kind = BulkActionKind.SCREENING
        context.update(preview=preview, status_label=ApplicationStatus(to).label)
    if confirmed and form.is_valid():
        params = {**form.values(), "query": query}
        if to is not None:
            params["to"] = to
        try:
            started = bulk_action_start(
                call=call,
                actor=request.user,
                token=token,
                kind=kind,
                applications=applications,
                params=params,
                language=request.LANGUAGE_CODE,
            )
        except ApplicationError as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("applications_manage:bulk_progress", call.slug, started.token)
    context["form"] = form
    return render(request, "submissions/manage/bulk_confirm.html", context)


@backoffice
@require_safe
def bulk_progress(request, slug, token):
    """A bulk action's page: its progress while the worker carries it out (htmx asks for
    it every two seconds and stops once it is done or failed), then what it did."""
    call = call_for_organizer(user=request.user, slug=slug)
    action = bulk_selectors.bulk_action_for_organizer(call=call, token=token)
    context = {
        "call": call,
        "section": SECTION,
        "action": action,
        "in_progress": bulk_selectors.is_in_progress(action),
        "outcome": bulk_selectors.outcome_of(action),
        "list_url": _list_url(call, action.params.get("query", "")),
    }
    if request.htmx:
        response = render(request, "submissions/manage/includes/bulk_status.html", context)
        if not context["in_progress"]:
            response.status_code = HTMX_STOP_POLLING
        return response
    return render(request, "submissions/manage/bulk_progress.html", context)
