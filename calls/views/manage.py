from django.shortcuts import render

from calls.selectors import calls_for_organizer
from portal.permissions import role_required


@role_required("calls.open_backoffice")
def backoffice_home(request):
    calls = calls_for_organizer(user=request.user).order_by("-opens_at")
    return render(request, "calls/manage/home.html", {"calls": calls})
