"""Published results where other apps' pages show them: the call's page links to its
results, the applicant's pages show each application's outcome."""

from django import template
from django.urls import reverse

from awards import selectors

register = template.Library()


@register.simple_tag
def results_url(call) -> str:
    """The call's results page once it is public, else ""."""
    if not selectors.results_are_public(call):
        return ""
    return reverse("results:call", kwargs={"slug": call.slug})


@register.simple_tag
def applicant_results(applications) -> list[selectors.ApplicantResult]:
    """The outcomes of a list of applications, in one query (see the selector)."""
    return selectors.applicant_results(applications)


@register.simple_tag
def applicant_result(application) -> selectors.ApplicantResult | None:
    results = selectors.applicant_results([application])
    return results[0] if results else None
