"""Missing documents: the organizers ask for one, the applicant sends it within the window.

Applicant: /<lang>/me/applications/<pk>/documents/<request_pk>/ (what is asked, why, until
when, and the upload) — another person's request is a 404, and the rest of the application
stays locked. Organizers: /<lang>/manage/calls/<slug>/applications/<pk>/documents/… (the
requests of an application, asking, cancelling, the received file) — found through
`call_for_organizer`, so another organizer's application is a 404 too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.selectors import call_for_organizer
from portal.permissions import role_required
from submissions import services_documents as services
from submissions.enums import ApplicationStatus
from submissions.forms_documents import DocumentRequestForm, DocumentUploadForm
from submissions.models import DocumentRequest
from submissions.selectors_manage import application_for_organizer
from submissions.services_documents import DocumentRequestError

backoffice = role_required("calls.open_backoffice")


def _file_response(document_request):
    if not document_request.file:
        raise Http404
    return FileResponse(
        document_request.file.open("rb"),
        as_attachment=True,
        filename=document_request.original_name,
        content_type=document_request.content_type,
    )


# --- the applicant ----------------------------------------------------------------------


def _applicant_request(user, pk, request_pk) -> DocumentRequest:
    return get_object_or_404(
        DocumentRequest.objects.select_related(
            "application__call", "question", "requested_by", "application__applicant"
        ),
        pk=request_pk,
        application_id=pk,
        application__applicant=user,
    )


@login_required
def document_request(request, pk, request_pk):
    """What the organizers ask for and the upload; on error the page says why and keeps
    the request as it was."""
    document_request = _applicant_request(request.user, pk, request_pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.document_provide(
                    request=document_request, file=form.cleaned_data["file"], actor=request.user
                )
            except DocumentRequestError as refusal:
                error = str(refusal)
            else:
                messages.success(request, _("Thank you: the document is sent to the organizers."))
                return redirect("me:document_request", pk=pk, request_pk=request_pk)
        else:
            error = " ".join(form.errors["file"])
        document_request = _applicant_request(request.user, pk, request_pk)
    application = document_request.application
    return render(
        request,
        "submissions/documents/request.html",
        {
            "document_request": document_request,
            "application": application,
            "call": application.call,
            "form": form,
            "error": error,
            "accepted": services.accepted_types(document_request),
            "can_send": document_request.is_open
            and application.status != ApplicationStatus.WITHDRAWN,
        },
    )


@login_required
def document_request_file(request, pk, request_pk):
    """The file the applicant sent for the request."""
    return _file_response(_applicant_request(request.user, pk, request_pk))


# --- the organizers ---------------------------------------------------------------------


def _application(request, slug, pk):
    call = call_for_organizer(user=request.user, slug=slug)
    return call, application_for_organizer(call=call, pk=pk)


def _organizer_request(application, request_pk) -> DocumentRequest:
    return get_object_or_404(
        application.document_requests.select_related("question"), pk=request_pk
    )


def _back(request, call, application):
    """Where the organizer came from (the application's page), else the requests page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(f"{target.split('#')[0]}#document-requests")
    return redirect("documents_manage:list", slug=call.slug, pk=application.pk)


def _requests_page(request, call, application, form, status=200):
    context = {
        "call": call,
        "application": application,
        "document_form": form,
        "document_next": request.POST.get("next", "") if request.method == "POST" else "",
        "section": "applications",
    }
    return render(request, "submissions/documents/manage.html", context, status=status)


@backoffice
def requests_list(request, slug, pk):
    """The application's document requests and the form to ask for another."""
    call, application = _application(request, slug, pk)
    return _requests_page(request, call, application, DocumentRequestForm(application=application))


@backoffice
def request_create(request, slug, pk):
    call, application = _application(request, slug, pk)
    if request.method != "POST":
        return redirect("documents_manage:list", slug=slug, pk=pk)
    form = DocumentRequestForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.document_request(application=application, actor=request.user, **form.values())
        except DocumentRequestError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The applicant is asked for the document by e-mail."))
            return _back(request, call, application)
    return _requests_page(request, call, application, form)


@backoffice
@require_POST
def request_cancel(request, slug, pk, request_pk):
    call, application = _application(request, slug, pk)
    document_request = _organizer_request(application, request_pk)
    try:
        services.document_request_cancel(request=document_request, actor=request.user)
    except DocumentRequestError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The request is cancelled; the applicant is told."))
    return _back(request, call, application)


@backoffice
def request_file(request, slug, pk, request_pk):
    """The document the applicant sent."""
    call, application = _application(request, slug, pk)
    return _file_response(_organizer_request(application, request_pk))
