from django.shortcuts import render

from calls.selectors import call_for_organizer
from portal.permissions import role_required


@role_required("calls.open_backoffice")
def juries_home(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    return render(request, "juries/manage/home.html", {"call": call, "juries": call.juries.all()})
