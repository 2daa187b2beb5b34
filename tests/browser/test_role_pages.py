"""Every role's main pages in Arabic, on both phones, a tablet and a desktop.

A small portal, built with the services: an open prize call with its form (a draft in
progress), a closed call whose applicants answered its questions and whose screening
jury is scoring (one evaluation submitted, one in progress), and a past call whose
results are published. The visitor, the applicant, the juror and the organizer each go
through their pages; every page is checked at each size by `checks.check_page` (sideways
scrolling, the navigation, squeezed text, axe-core, language and direction, English left
untranslated), one screenshot per page and size under var/screenshots/.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from accounts.enums import LegalForm, Region, Sector
from accounts.models import Organization, User
from awards.models import Decision
from calls import services as call_services
from calls.enums import QuestionKind, RoundKind, RuleKind
from calls.models import Call
from juries.enums import MemberRole
from juries.models import JuryMember
from juries.services import assignment as assignment_services
from juries.services import evaluation as evaluation_services
from juries.services import panel as panel_services
from submissions import services as submissions
from tests.awards.factories import decided_call, publish
from tests.browser.checks import ALL_SIZES, check_page
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    PrizeCategoryFactory,
    QuestionFactory,
    StepFactory,
)

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)
LANGUAGE = "ar"
# Latin words the Arabic pages may show: the references' prefixes (SAF-2026-0001…),
# written the same in every language; "zip", files as the phone's and the computer's apps
# name them (like the formats "PDF" or "Excel", allowed on every Arabic page); "ODCO", the
# cooperatives' registry, whose acronym the help texts add in brackets to its Arabic name,
# as a cooperative's registration papers print it (as in the sign-up journey).
ALLOWED = {"SAF", "TST", "zip", "ODCO"}


def labels(prefix, fr, ar, en):
    return {f"{prefix}_fr": fr, f"{prefix}_ar": ar, f"{prefix}_en": en}


# The cooperatives of the closed call: (name, region, its project, its long answer).
COOPERATIVES = [
    (
        "تعاونية تيفاوين للزعفران",
        Region.SOUSS_MASSA,
        "مجفف شمسي جماعي",
        "نريد تجفيف زعفران عضواتنا دون أن يفقد جودته، وبيعه مباشرة لمحلات البقالة الراقية "
        "في مراكش وأكادير، مع تكوين ثماني نساء على معايير الجودة.",
    ),
    (
        "تعاونية أركان إداوتنان",
        Region.SOUSS_MASSA,
        "معصرة أركان مشتركة",
        "معصرة حديثة تخدم ثلاث دواوير، تقلص ساعات العمل الشاق وترفع مردودية الزيت.",
    ),
    (
        "جمعية أمل تيزنيت",
        Region.SOUSS_MASSA,
        "ورشة خياطة تضامنية",
        "ورشة تشغل اثنتي عشرة امرأة من الحي وتبيع منتوجاتها في الأسواق الأسبوعية.",
    ),
]


@dataclass
class Portal:
    open_call: Call
    closed_call: Call
    published_call: Call
    organizer: object
    juror: object
    applicant: object
    draft: object  # the applicant's application in progress (open call)
    submitted: object  # the applicant's application to the closed call
    steps: list = field(default_factory=list)  # the open call's wizard steps, by name
    round: object = None
    evaluations: dict = field(default_factory=dict)  # "submitted", "draft": assignments
    typed: list = field(default_factory=list)  # what people wrote, shown as written


def form(call):
    """The call's form: the project (a title, a long text, a choice, a number) and its
    documents (a PDF). Returns the questions by name."""
    project = StepFactory(
        call=call, position=1, **labels("title", "Le projet", "المشروع", "Project")
    )
    documents = StepFactory(
        call=call, position=2, **labels("title", "Documents", "الوثائق", "Documents")
    )
    return (
        project,
        documents,
        {
            "title": QuestionFactory(
                step=project,
                position=1,
                **labels("label", "Nom du projet", "اسم المشروع", "Project name"),
            ),
            "summary": QuestionFactory(
                step=project,
                position=2,
                kind=QuestionKind.LONG_TEXT,
                word_limit=120,
                **labels("label", "Décrivez le projet", "صفوا المشروع", "Describe the project"),
            ),
            "jobs": QuestionFactory(
                step=project,
                position=3,
                kind=QuestionKind.NUMBER,
                **labels("label", "Emplois créés", "مناصب الشغل المحدثة", "Jobs created"),
            ),
            "statutes": QuestionFactory(
                step=documents,
                position=1,
                kind=QuestionKind.FILE,
                file_types=["pdf"],
                required=False,
                **labels("label", "Statuts", "النظام الأساسي", "Statutes"),
            ),
        },
    )


def build_portal() -> Portal:
    with translation.override("fr"):
        organizer = OrganizerFactory(full_name="سلمى المنظمة", email="salma@odco.ma")
        juror = JurorFactory(full_name="أمينة الإدريسي", email="amina@um5.ma", language="ar")
        applicant = OrganizationFactory(
            name=COOPERATIVES[0][0],
            owner__full_name="فاطمة الزهراء آيت لحسن",
            owner__email="tifawin@taliouine-coop.ma",
            owner__language="ar",
        ).owner

        open_call = CallFactory(
            organizers=[organizer],
            reference_prefix="SAF",
            **labels(
                "title",
                "Prix des coopératives du safran 2026",
                "جائزة تعاونيات الزعفران 2026",
                "Saffron cooperatives prize 2026",
            ),
            summary_ar="جائزة للتعاونيات التي تثمن زعفران تالوين.",
            rules_ar="ترشيح واحد لكل تعاونية. تزور لجنة التحكيم التعاونيات المتأهلة.",
        )
        EligibilityRuleFactory(
            call=open_call, kind=RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE]
        )
        EligibilityRuleFactory(call=open_call, kind=RuleKind.WOMEN_SHARE_MIN, choices=[], number=50)
        PrizeCategoryFactory(call=open_call, rank=1, amount_mad=100_000)
        project, documents, _questions = form(open_call)
        draft = submissions.application_start(call=open_call, applicant=applicant)

        closed_call = CallFactory(
            organizers=[organizer],
            reference_prefix="SAF",
            blind_review=False,
            **labels(
                "title",
                "Programme d'accompagnement Mourafaka 2026",
                "برنامج مرافقة 2026",
                "Mourafaka support programme 2026",
            ),
        )
        _project, _documents, questions = form(closed_call)
        applications = []
        for index, (name, region, title, summary) in enumerate(COOPERATIVES):
            owner = (
                applicant
                if index == 0
                else OrganizationFactory(
                    name=name, region=region, sector=Sector.SAFFRON, owner__password=None
                ).owner
            )
            application = submissions.application_start(call=closed_call, applicant=owner)
            applications.append(
                submissions.application_submit(
                    application=application,
                    actor=owner,
                    answers={
                        questions["title"].pk: title,
                        questions["summary"].pk: summary,
                        questions["jobs"].pk: 4 + index,
                    },
                    notify=False,
                )
            )
        Call.objects.filter(pk=closed_call.pk).update(closes_at=timezone.now() - DAY)
        call_services.rounds_save(
            call=closed_call,
            actor=organizer,
            rows=[(None, {"kind": RoundKind.SCREENING, "position": 0})],
        )
        round_ = closed_call.rounds.get()
        jury = panel_services.jury_save(
            round=round_,
            actor=organizer,
            deadline=timezone.now() + 10 * DAY,
            jurors_per_application=1,
            scores_visible_after_submit=False,
        )
        criteria = [
            panel_services.criterion_save(
                round=round_,
                actor=organizer,
                **labels("label", label_fr, label_ar, ""),
                **labels("guidance", "", "1: ضعيف؛ 3: متوسط؛ 5: ممتاز", ""),
                weight=weight,
                min_score=0,
                max_score=5,
            )
            for label_fr, label_ar, weight in (
                ("Impact social", "الأثر الاجتماعي", 40),
                ("Viabilité économique", "الجدوى الاقتصادية", 30),
                ("Participation des femmes", "مشاركة النساء", 30),
            )
        ]
        member = JuryMember.objects.create(
            jury=jury, user=juror, role=MemberRole.CHAIR, max_assignments=10
        )
        assignments = [
            assignment_services.assignment_add(
                jury=jury, member=member, application=application, actor=organizer
            )
            for application in applications
        ]
        submitted = _evaluate(assignments[0], criteria, ["4", "3", "5"], "مشروع متين.")
        evaluation_services.evaluation_submit(
            evaluation=submitted, actor=juror, version=submitted.version
        )
        _evaluate(assignments[1], criteria, ["2", "", ""], "")

        published = decided_call(
            **labels("title", "Prix Lalla Al Moutaaouina 2025", "جائزة للا المتعاونة 2025", "")
        ).call
        publish(published)

    return Portal(
        open_call=open_call,
        closed_call=closed_call,
        published_call=published,
        organizer=organizer,
        juror=juror,
        applicant=applicant,
        draft=draft,
        submitted=applications[0],
        steps=["organization", "eligibility", f"part-{project.pk}", f"part-{documents.pk}"],
        round=round_,
        evaluations={"submitted": assignments[0], "draft": assignments[1]},
        # What people wrote: the organizations' profiles (the decided call's named in
        # French), the e-mail addresses, the winners' public summaries (in French), the
        # calls' web addresses (their slugs, in Latin letters).
        typed=[
            *Call.objects.values_list("slug", flat=True),
            *Decision.objects.values_list("public_summary", flat=True),
            *Organization.objects.values_list("name", flat=True),
            *Organization.objects.values_list("registration_number", flat=True),
            *Organization.objects.values_list("province", flat=True),
            *User.objects.values_list("email", flat=True),
        ],
    )


def _evaluate(assignment, criteria, values, comment):
    juror = assignment.member.user
    evaluation = evaluation_services.evaluation_start(assignment=assignment, actor=juror)
    return evaluation_services.evaluation_save(
        evaluation=evaluation,
        actor=juror,
        version=evaluation.version,
        scores={
            criterion.pk: evaluation_services.ScoreInput(Decimal(value))
            for criterion, value in zip(criteria, values, strict=True)
            if value
        },
        overall_comment=comment,
    )


def pages(portal: Portal, role: str) -> list[str]:
    """The role's main pages, as paths after the language."""
    open_slug, closed_slug = portal.open_call.slug, portal.closed_call.slug
    if role == "anonymous":
        return [
            "",
            "calls/",
            f"calls/{open_slug}/",
            f"calls/{open_slug}/eligibility/",
            f"calls/{portal.published_call.slug}/results/",
            "winners/",
            "impact/",
            "accounts/login/",
            "accounts/signup/",
        ]
    if role == "applicant":
        wizard = f"calls/{open_slug}/apply/{portal.draft.pk}/"
        application = f"me/applications/{portal.submitted.pk}/"
        steps = [*portal.steps, "review"]
        return ["me/", application, f"{application}receipt/", *(f"{wizard}{s}/" for s in steps)]
    if role == "juror":
        return [
            "jury/",
            f"jury/assignments/{portal.evaluations['draft'].pk}/",
            f"jury/assignments/{portal.evaluations['submitted'].pk}/",
            "jury/conflicts/",
        ]
    call = f"manage/calls/{closed_slug}/"
    jury = f"{call}jury/round/{portal.round.pk}/"
    return [
        "manage/",
        call,
        f"{call}dashboard/",
        f"{call}applications/",
        f"{call}applications/{portal.submitted.pk}/",
        f"{call}jury/",
        *(f"{jury}{tail}/" for tail in ("settings", "members", "grid", "assignment", "progress")),
        f"{call}deliberation/",
        f"{call}results/",
        f"manage/exports/calls/{closed_slug}/",
    ]


def log_in(page, server, user):
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": server}])


@pytest.mark.parametrize("role", ["anonymous", "applicant", "juror", "organizer"])
def test_each_role_s_main_pages_in_arabic_at_every_size(server, page, role):
    portal = build_portal()
    person = {"applicant": portal.applicant, "juror": portal.juror, "organizer": portal.organizer}
    if role in person:
        log_in(page, server, person[role])

    for path in pages(portal, role):
        response = page.goto(f"{server}/{LANGUAGE}/{path}")
        assert response.status == 200, (path, response.status)
        check_page(
            page,
            LANGUAGE,
            role=role,
            typed_values=portal.typed,
            allowed=ALLOWED,
            sizes=ALL_SIZES,
        )
