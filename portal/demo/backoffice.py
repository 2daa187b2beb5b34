"""The back-office of the 2026 women's cooperatives prize as its organizer left it: a
missing document asked of one cooperative under review (its window open for two weeks
from whenever the demo is loaded), and the applications exported to Excel, ready to
download.

Both go through the services (`notify=False`: loading the demo e-mails nobody). A second
run leaves an open request and a ready export as they are; a request whose window has
closed since is followed by a new one."""

import datetime

from django.utils import timezone

from calls.models import Call
from exports.enums import ExportStatus
from exports.models import Export
from exports.services import export_request, export_run
from portal.demo.accounts import DemoAccounts
from portal.demo.calls import ORGANIZER, DemoCalls
from portal.demo.juries import LALLA_2026
from submissions.enums import ApplicationStatus
from submissions.models import Application, DocumentRequest
from submissions.services_documents import document_request

# The cooperative's statutes were sent without the page with the members' signatures.
REQUESTED_FROM = "LAM-2026-0004"
LABEL = "Statuts signés (page des signatures)"
MESSAGE = (
    "Bonjour, la page des signatures des membres manque dans les statuts envoyés. "
    "Merci de la photographier ou de la scanner et de nous l'envoyer ici."
)
WINDOW = datetime.timedelta(days=14)


def seed_backoffice(accounts: DemoAccounts, calls: DemoCalls, *, now=None) -> dict[str, int]:
    now = now or timezone.now()
    organizer = accounts.users[ORGANIZER]
    call = calls.calls[LALLA_2026]
    return {
        "open document requests": _document_request_put(call, organizer, now),
        "ready exports": _export_put(call, organizer),
    }


def _document_request_put(call: Call, organizer, now) -> int:
    application = Application.objects.filter(
        call=call, reference=REQUESTED_FROM, status=ApplicationStatus.ELIGIBLE
    ).first()
    if application is None:
        return 0
    requests = DocumentRequest.objects.filter(application=application)
    if not any(request.is_open for request in requests):
        document_request(
            application=application,
            actor=organizer,
            label=LABEL,
            message=MESSAGE,
            due_at=now + WINDOW,
            now=now,
            notify=False,
        )
    return 1


def _export_put(call: Call, organizer) -> int:
    ready = Export.objects.filter(call=call, kind="applications", status=ExportStatus.READY)
    if not ready.exists():
        export = export_request(call=call, kind="applications", actor=organizer, language="fr")
        export_run(export_id=export.pk)
    return ready.count()
