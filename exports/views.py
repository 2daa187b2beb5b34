"""The organizers' exports: asking for one, following its progress, downloading it.

Open to the organizers of the export's call and site admins: for anyone else signed in,
an export, its call and a missing one all answer 404. The file is only ever served by
`download`.
"""

import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HTMX_STOP_POLLING, HttpResponseClientRedirect

from calls.selectors import call_for_organizer
from exports import registry, selectors, services
from exports.enums import ExportStatus
from portal.permissions import role_required


@role_required("calls.open_backoffice")
@require_GET
def call_exports(request, slug):
    """The call's exports page: the application data to ask for and the latest exports
    of every kind (the ranking and the minutes are asked for from the deliberation)."""
    call = call_for_organizer(user=request.user, slug=slug)
    context = {"call": call, "section": "exports", "exports": selectors.exports_for_call(call=call)}
    return render(request, "exports/call_exports.html", context)


@login_required
@require_POST
def export_request(request, slug, kind):
    call = call_for_organizer(user=request.user, slug=slug)
    selectors.export_kind_or_404(kind=kind)
    export = services.export_request(
        call=call, kind=kind, actor=request.user, language=request.LANGUAGE_CODE
    )
    url = reverse("exports:detail", kwargs={"token": export.token})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_GET
def export_detail(request, token):
    """The export's page; while it is being prepared, htmx asks for its status every two
    seconds and stops once it is ready or failed."""
    export = selectors.export_for_user(user=request.user, token=token)
    context = {
        "export": export,
        "call": export.call,
        "in_progress": selectors.is_in_progress(export),
    }
    if request.htmx:
        response = render(request, "exports/includes/export_status.html", context)
        if not context["in_progress"]:
            response.status_code = HTMX_STOP_POLLING
        return response
    return render(request, "exports/export_detail.html", context)


@login_required
@require_GET
def export_download(request, token):
    export = selectors.export_for_user(user=request.user, token=token)
    if export.status != ExportStatus.READY or not export.file:
        raise Http404
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=os.path.basename(export.file.name),
        content_type=registry.content_type_of(export),
    )
    response["Cache-Control"] = "private, no-store"
    return response
