from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import PASSWORD
from portal.demo.accounts import APPLICANTS, JURORS, STAFF, applicant_email, seed_accounts

SITE_URL = "http://127.0.0.1:8000/fr/"


class Command(BaseCommand):
    help = (
        "Load the demo data: organizers, a site admin, jurors and applicant organizations. "
        "Running it again puts the demo rows back as they were; it never duplicates them."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            accounts = seed_accounts()
        self.stdout.write(
            f"Demo data ready: {len(accounts.users)} accounts "
            f"({accounts.created} created, {accounts.updated} updated), "
            f"{len(accounts.organizations)} organizations, "
            f"{len(accounts.juror_profiles)} juror profiles."
        )
        self._print_logins()

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
        self.stdout.write(self.style.SUCCESS(f"Open {SITE_URL}"))
