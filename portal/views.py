import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from calls.enums import CallStatus
from calls.selectors import call_cards, public_call_listing
from portal.health import run_checks

DATABASE_RETRY_AFTER_SECONDS = 10
logger = logging.getLogger(__name__)


def home(request):
    open_calls = public_call_listing().filter(current_status=CallStatus.OPEN)[:3]
    return render(request, "portal/home.html", {"open_calls": call_cards(open_calls)})


def privacy_notice(request):
    return render(
        request, "portal/privacy.html", {"PRIVACY_NOTICE_VERSION": settings.PRIVACY_NOTICE_VERSION}
    )


@never_cache
@require_GET
def healthz(request):
    checks, healthy = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page, or a 503 that says to try again when the database could not answer
    (down, restarting, or an SQLite file busy beyond its timeout): nothing was saved by
    the failed request, and the person can simply retry. Rendered without the request's
    context, which may need the database itself."""
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return HttpResponseServerError(loader.render_to_string("500.html"))
    logger.warning("Database unavailable: %s", error)
    context = {
        "language": get_language(),
        "direction": "rtl" if get_language_bidi() else "ltr",
        "retry_after": DATABASE_RETRY_AFTER_SECONDS,
    }
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response
