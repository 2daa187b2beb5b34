from django.shortcuts import render

from calls.selectors import public_calls_by_status


def call_list(request):
    return render(request, "calls/call_list.html", {"calls_by_status": public_calls_by_status()})
