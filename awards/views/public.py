"""Published results, for everyone: a call's results page and the winners gallery."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from awards import selectors


@require_safe
def call_results(request, slug):
    call = selectors.results_call(slug=slug)
    return render(
        request,
        "awards/results.html",
        {
            "call": call,
            "publication": getattr(call, "publication", None),
            "results": selectors.call_results(call),
        },
    )


@require_safe
def gallery(request):
    return render(request, "awards/gallery.html", {"galleries": selectors.winners_gallery()})
