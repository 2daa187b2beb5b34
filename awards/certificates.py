"""An award certificate: what it says of a laureate's application, in a language, as a PDF."""

from django.utils import timezone, translation

from awards.enums import Outcome
from awards.pdf import CertificateData, certificate_pdf
from awards.selectors import organization_name, region_label
from notifications.services import absolute_url
from submissions.models import Application


def certificate_data(application: Application, *, language: str) -> CertificateData:
    """`application` has a prize or a special mention in published results, and comes with
    its call, organization and decision (see `selectors.certificate_application`)."""
    decision = application.decision
    call = application.call
    with translation.override(language):
        if decision.outcome == Outcome.PRIZE:
            distinction = decision.prize_category.label
        else:
            distinction = str(Outcome.SPECIAL_MENTION.label)
        return CertificateData(
            language=language,
            organization=organization_name(application),
            call_title=call.title,
            distinction=distinction,
            amount_mad=decision.amount_mad or None,
            region=str(region_label(application)),
            reference=application.reference,
            issued_on=timezone.localdate(call.results_published_at),
            verification_url=absolute_url("results:call", language=language, slug=call.slug),
        )


def certificate_pdf_for(application: Application, *, language: str) -> bytes:
    return certificate_pdf(certificate_data(application, language=language))
