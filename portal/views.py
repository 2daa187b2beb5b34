from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from calls.enums import CallStatus
from calls.selectors import call_cards, public_call_listing
from portal.health import run_checks


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
