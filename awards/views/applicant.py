"""An applicant's award certificate, in the language of the page it is asked from."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from awards.certificates import certificate_pdf_for
from awards.selectors import certificate_application


@require_safe
@never_cache
@login_required
def certificate(request, pk):
    application = certificate_application(user=request.user, pk=pk)
    return HttpResponse(
        certificate_pdf_for(application, language=request.LANGUAGE_CODE),
        content_type="application/pdf",
        headers={
            "Content-Disposition": (
                f'attachment; filename="certificate-{application.reference}.pdf"'
            )
        },
    )
