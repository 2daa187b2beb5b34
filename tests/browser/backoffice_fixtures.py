"""A support programme's call as its organizer finds it after the deadline, for the
back-office journey: built the way applicants and organizers get there, through the
services.

The call accepts cooperatives only (one eligibility rule). Its form asks for the
project's name, the jobs it creates and, optionally, the ODCO registration certificate
(a PDF). Five organizations from four regions applied while it was open:

| # | organization | legal form | region | eligible automatically | certificate | status |
|---|---|---|---|---|---|---|
| 1 | Coopérative Tafoukt Imintanout | cooperative | Marrakech-Safi | yes | sent | submitted |
| 2 | Groupement Tiwizi Ouled Frej | informal group | Casablanca-Settat | no | sent | submitted |
| 3 | Association Amal Tiznit | association | Souss-Massa | no | sent | submitted |
| 4 | Coopérative Safran Taliouine | cooperative | Souss-Massa | yes | missing | submitted |
| 5 | Coopérative Zerbia Khénifra | cooperative | Beni Mellal-Khenifra | yes | sent | eligible |

The second group named its project with text a spreadsheet would run as a formula; every
profile's phone (+212…) starts like one too. The call is closed since. Another
organizer runs a call of his own.

Only those who log in during the journey (the two organizers and the Taliouine
cooperative, which is asked for its certificate) have a password: the factories' one.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from accounts.enums import LegalForm, Region, Sector
from calls.enums import CallKind, QuestionKind, RuleKind
from calls.models import Call
from submissions import services as submissions
from submissions.enums import ApplicationStatus
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    StepFactory,
)

DAY = datetime.timedelta(days=1)
PREFIX = "MRF"

CALL_TITLES = {
    "fr": "Programme Mourafaka 2026",
    "ar": "برنامج مرافقة 2026",
    "en": "Mourafaka programme 2026",
}
OTHER_CALL_TITLES = {
    "fr": "Appel CoopLab 2026",
    "ar": "نداء كوب لاب 2026",
    "en": "CoopLab call 2026",
}

# The questions of the form: (label fr, label ar, label en).
PROJECT_LABELS = ("Nom du projet", "اسم المشروع", "Name of the project")
JOBS_LABELS = ("Emplois créés", "مناصب الشغل المحدثة", "Jobs created")
CERTIFICATE_LABELS = (
    "Attestation d'inscription ODCO",
    "شهادة التسجيل لدى مكتب تنمية التعاون",
    "ODCO registration certificate",
)

# A one-page PDF, small and valid (header, catalog, pages, page, trailer).
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# A project's name that a spreadsheet would read as a formula (a link to click).
FORMULA_PROJECT = '=HYPERLINK("https://exemple.ma","Voir le projet")'


@dataclass(frozen=True)
class Applicant:
    organization: str
    full_name: str  # the account's owner, who applied
    email: str
    legal_form: str
    region: str
    sector: str
    project: str
    jobs: int
    certificate: str = ""  # the file sent with the application; none if empty
    logs_in: bool = False


APPLICANTS = [
    Applicant(
        "Coopérative Tafoukt Imintanout",
        "Khadija Ouzzine",
        "presidente@tafoukt-coop.ma",
        LegalForm.COOPERATIVE,
        Region.MARRAKECH_SAFI,
        Sector.ARGAN,
        "Séchoir solaire collectif",
        6,
        certificate="odco-tafoukt.pdf",
    ),
    Applicant(
        "Groupement Tiwizi Ouled Frej",
        "Rachid Mounir",
        "tiwizi@ouledfrej.ma",
        LegalForm.INFORMAL_GROUP,
        Region.CASABLANCA_SETTAT,
        Sector.DAIRY,
        FORMULA_PROJECT,
        3,
        certificate="recepisse-tiwizi.pdf",
    ),
    Applicant(
        "Association Amal Tiznit",
        "Aicha Belkadi",
        "contact@amal-tiznit.org",
        LegalForm.ASSOCIATION,
        Region.SOUSS_MASSA,
        Sector.CRAFTS,
        "Atelier de couture solidaire",
        9,
        certificate="recepisse-amal.pdf",
    ),
    Applicant(
        "Coopérative Safran Taliouine",
        "Fatima Zahra Ait Lahcen",
        "safran@taliouine-coop.ma",
        LegalForm.COOPERATIVE,
        Region.SOUSS_MASSA,
        Sector.SAFFRON,
        "Conditionnement du safran",
        12,
        logs_in=True,
    ),
    Applicant(
        "Coopérative Zerbia Khénifra",
        "Itto Ouhaddou",
        "zerbia@khenifra-coop.ma",
        LegalForm.COOPERATIVE,
        Region.BENI_MELLAL_KHENIFRA,
        Sector.WEAVING,
        "Atelier de tissage zayane",
        8,
        certificate="odco-zerbia.pdf",
    ),
]
# Screened eligible before the journey (the others wait for their screening).
ALREADY_ELIGIBLE = 4  # index in APPLICANTS


@dataclass
class BackofficeScene:
    call: Call
    other_call: Call
    organizer: object
    other_organizer: object  # users
    questions: dict = field(default_factory=dict)  # "project", "jobs", "certificate"
    applications: list = field(default_factory=list)  # in APPLICANTS' order

    def application_of(self, organization: str):
        index = [applicant.organization for applicant in APPLICANTS].index(organization)
        return self.applications[index]

    @property
    def asked(self):
        """The Taliouine cooperative's application: its certificate is missing."""
        return self.applications[3]


def _apply(call, applicant: Applicant, questions, organizer):
    owner = {"email": applicant.email, "full_name": applicant.full_name, "language": "fr"}
    if not applicant.logs_in:
        owner["password"] = None
    organization = OrganizationFactory(
        name=applicant.organization,
        legal_form=applicant.legal_form,
        region=applicant.region,
        sector=applicant.sector,
        **{f"owner__{key}": value for key, value in owner.items()},
    )
    user = organization.owner
    application = submissions.application_start(call=call, applicant=user)
    if applicant.certificate:
        submissions.attachment_add(
            application=application,
            question=questions["certificate"],
            uploaded_file=SimpleUploadedFile(
                applicant.certificate, MINIMAL_PDF, content_type="application/pdf"
            ),
            actor=user,
        )
    application = submissions.application_submit(
        application=application,
        actor=user,
        answers={
            questions["project"].pk: applicant.project,
            questions["jobs"].pk: applicant.jobs,
        },
        notify=False,
    )
    if applicant is APPLICANTS[ALREADY_ELIGIBLE]:
        application = submissions.application_transition(
            application=application, to=ApplicationStatus.ELIGIBLE, actor=organizer
        )
    application.refresh_from_db()
    return application


def _labels(prefix, labels):
    return {
        f"{prefix}_{code}": label for code, label in zip(("fr", "ar", "en"), labels, strict=True)
    }


def backoffice_scene() -> BackofficeScene:
    """The closed call with its five received applications, and another organizer's call."""
    with translation.override("fr"):
        organizer = OrganizerFactory(full_name="Salma Organisatrice", email="salma@odco.ma")
        other_organizer = OrganizerFactory(full_name="Hamid Bennis", email="hamid@cooplab.ma")
        call = CallFactory(
            organizers=[organizer],
            kind=CallKind.SUPPORT_PROGRAMME,
            blind_review=False,
            reference_prefix=PREFIX,
            **_labels("title", CALL_TITLES.values()),
        )
        EligibilityRuleFactory(
            call=call, kind=RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE]
        )
        project_step = StepFactory(call=call, position=1, title_fr="Le projet", title_ar="المشروع")
        documents_step = StepFactory(
            call=call, position=2, title_fr="Documents", title_ar="الوثائق"
        )
        questions = {
            "project": QuestionFactory(
                step=project_step,
                position=1,
                kind=QuestionKind.SHORT_TEXT,
                **_labels("label", PROJECT_LABELS),
            ),
            "jobs": QuestionFactory(
                step=project_step,
                position=2,
                kind=QuestionKind.NUMBER,
                **_labels("label", JOBS_LABELS),
            ),
            "certificate": QuestionFactory(
                step=documents_step,
                position=1,
                kind=QuestionKind.FILE,
                file_types=["pdf"],
                required=False,
                **_labels("label", CERTIFICATE_LABELS),
            ),
        }
        applications = [_apply(call, applicant, questions, organizer) for applicant in APPLICANTS]
        Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - DAY)
        other_call = CallFactory(
            organizers=[other_organizer],
            reference_prefix="CLB",
            **_labels("title", OTHER_CALL_TITLES.values()),
        )
    call.refresh_from_db()
    return BackofficeScene(
        call=call,
        other_call=other_call,
        organizer=organizer,
        other_organizer=other_organizer,
        questions=questions,
        applications=applications,
    )
