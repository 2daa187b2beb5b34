from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal.demo import PASSWORD
from portal.demo.accounts import APPLICANTS, JURORS, STAFF, applicant_email, seed_accounts
from portal.demo.applications import seed_applications
from portal.demo.awards import seed_awards
from portal.demo.backoffice import seed_backoffice
from portal.demo.calls import seed_calls
from portal.demo.juries import seed_juries
from submissions.enums import ApplicationStatus
from submissions.models import Application


class Command(BaseCommand):
    help = (
        "Load the demo data: organizers, a site admin, jurors, applicant organizations, the "
        "four demo calls and the juries of the two prize editions. Running it again puts the "
        "demo rows back as they were; it never duplicates them."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        with transaction.atomic():
            accounts = seed_accounts()
            calls = seed_calls(accounts, now=now)
            applications = seed_applications(accounts, calls, now=now)
            juries = seed_juries(accounts, calls, now=now)
            results = seed_awards(accounts, calls, now=now)
            backoffice = seed_backoffice(accounts, calls, now=now)
        self.stdout.write(
            f"Demo data ready: {len(accounts.users)} accounts "
            f"({accounts.created} created, {accounts.updated} updated), "
            f"{len(accounts.organizations)} organizations, "
            f"{len(accounts.juror_profiles)} juror profiles."
        )
        statuses = Counter(
            Application.objects.filter(
                pk__in=[application.pk for application in applications.applications]
            ).values_list("status", flat=True)
        )
        by_status = ", ".join(
            f"{statuses[status]} {status}" for status in ApplicationStatus if statuses[status]
        )
        self.stdout.write(
            f"{len(calls.calls)} calls ({calls.created} created, {calls.updated} updated), "
            f"{len(applications.applications)} applications ({applications.created} created): "
            f"{by_status}."
        )
        self._print_juries(juries)
        self.stdout.write(
            "Results: " + ", ".join(f"{slug} {state}" for slug, state in results.items()) + "."
        )
        self.stdout.write(
            "Back-office of the 2026 prize: "
            + ", ".join(f"{count} {what}" for what, count in backoffice.items())
            + "."
        )
        for skipped in applications.skipped:
            self.stderr.write(f"Demo application not made: {skipped}")
        for problem in juries.problems:
            self.stderr.write(f"Demo jury: {problem}")
        self._print_calls(calls, applications, now)
        self._print_logins()

    def _print_juries(self, juries):
        tally = juries.tally()
        conflicts = tally["conflicts"]
        self.stdout.write(
            f"{tally['juries']} juries ({juries.created} created), {tally['jurors']} jurors, "
            f"{tally['assignments']} assignments ({tally['submitted']} submitted, "
            f"{tally['in progress']} in progress, {tally['to do']} to do), "
            f"{conflicts} declared conflict{'s' if conflicts != 1 else ''} of interest."
        )

    def _print_calls(self, calls, applications, now):
        per_call = Counter(application.call_id for application in applications.applications)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo calls"))
        for call in calls.calls.values():
            with translation.override("fr"):
                url = settings.SITE_URL + reverse("calls:detail", kwargs={"slug": call.slug})
            with translation.override("en"):
                status = str(call.status_at(now).label).lower()
            self.stdout.write(f"- {url} ({status}, {per_call[call.pk]} applications)")

    def _print_logins(self):
        rows = [(person.email, person.role) for person in STAFF]
        rows.append((f"{JURORS[0].email} … {JURORS[-1].email}", "jurors"))
        rows.append(
            (
                f"{applicant_email(1)} … {applicant_email(len(APPLICANTS))}",
                f"applicants ({len(APPLICANTS)} organizations across the 12 regions)",
            )
        )
        width = max(len(login) for login, _role in rows)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins — password for every account: {PASSWORD}")
        )
        for login, role in rows:
            self.stdout.write(f"  {login.ljust(width)}  {role}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Open {settings.SITE_URL}/fr/"))
