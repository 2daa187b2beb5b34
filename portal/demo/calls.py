"""The four demo calls of the contract in DESIGN.md, in French, Arabic and English.

- `lalla-al-moutaaouina-2025`: the 6th edition of the women's cooperatives prize of the
  Fondation OCP and the ODCO; closed, results published (the awards issue adds winners).
- `lalla-al-moutaaouina-2026`: the 7th edition; closed, blind review, in review.
- `recherche-action-sil-2026`: the UM6P Social Innovation Lab's action-research call;
  open, its deadline a few weeks ahead whenever the demo is loaded.
- `mourafaka-2027`: the CoopLab's programme for newly created cooperatives; upcoming.

`seed_calls()` finds each call by its slug and puts back its fields, organizers,
eligibility rules, form steps, questions, rounds and prize categories. Children are
updated in place, position by position, so a second run changes nothing and the
answers already given keep their questions; a child left over is deleted only when
nothing refers to it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.utils import timezone, translation
from modeltranslation.translator import NotRegistered, translator

from accounts.enums import LegalForm, Region
from calls.enums import CallKind, CallStatus, FileType, QuestionKind, RoundKind, RuleKind
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round, Step
from portal.demo.accounts import DemoAccounts

CASABLANCA = ZoneInfo("Africa/Casablanca")
ORGANIZER, ORGANIZER2 = "organizer@demo.ma", "organizer2@demo.ma"

K = QuestionKind


@dataclass(frozen=True)
class Text:
    """A text an organizer writes, in the portal's three languages."""

    fr: str
    ar: str
    en: str

    def fields(self, name: str) -> dict[str, str]:
        return {f"{name}_fr": self.fr, f"{name}_ar": self.ar, f"{name}_en": self.en}


BLANK = Text("", "", "")


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text

    def as_json(self) -> dict[str, str]:
        return {"value": self.value, "fr": self.label.fr, "ar": self.label.ar, "en": self.label.en}


@dataclass(frozen=True)
class Q:
    """A question; `key` names it for the demo applications (it is not stored)."""

    key: str
    kind: str
    label: Text
    help: Text = BLANK
    required: bool = True
    word_limit: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[Choice, ...] = ()
    file_types: tuple[str, ...] = ()
    max_files: int = 1

    def values(self) -> dict:
        return {
            "kind": self.kind,
            **self.label.fields("label"),
            **self.help.fields("help_text"),
            "required": self.required,
            "word_limit": self.word_limit,
            "min_value": None if self.min_value is None else Decimal(self.min_value),
            "max_value": None if self.max_value is None else Decimal(self.max_value),
            "choices": [choice.as_json() for choice in self.choices],
            "file_types": [str(file_type) for file_type in self.file_types],
            "max_files": self.max_files,
        }


@dataclass(frozen=True)
class StepSpec:
    title: Text
    intro: Text
    questions: tuple[Q, ...]


@dataclass(frozen=True)
class Rule:
    kind: str
    choices: tuple[str, ...] = ()
    number: int | None = None
    statement: Text = BLANK
    explanation: Text = BLANK

    def values(self) -> dict:
        return {
            "kind": self.kind,
            "choices": [str(choice) for choice in self.choices],
            "number": self.number,
            **self.statement.fields("statement"),
            **self.explanation.fields("explanation"),
        }


@dataclass(frozen=True)
class Prize:
    label: Text
    rank: int
    amount_mad: int
    count: int = 1


@dataclass(frozen=True)
class Dates:
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    results_at: datetime.datetime | None = None
    results_published_at: datetime.datetime | None = None

    @classmethod
    def of(cls, call: Call) -> "Dates":
        return cls(call.opens_at, call.closes_at, call.results_at, call.results_published_at)


@dataclass(frozen=True)
class CallSpec:
    slug: str
    kind: str
    reference_prefix: str
    organizers: tuple[str, ...]
    title: Text
    summary: Text
    rules: Text
    dates: Callable[[datetime.datetime, Call | None], Dates]
    eligibility: tuple[Rule, ...]
    steps: tuple[StepSpec, ...]
    rounds: tuple[str, ...]
    prizes: tuple[Prize, ...]
    status: str  # what the demo shows: a test holds the dates to it
    blind_review: bool = False
    max_applications_per_organization: int = 1
    attachment_max_mb: int = 10
    reference_year: int | None = None  # when it is not the year the call closes


@dataclass
class DemoCalls:
    """What `seed_calls()` holds, for the applications and juries built on it."""

    calls: dict[str, Call]
    questions: dict[str, dict[str, Question]]  # slug → question key → question
    rules: dict[str, list[EligibilityRule]]
    created: int = 0
    updated: int = 0
    specs: dict[str, CallSpec] = field(default_factory=dict)


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A moment in Morocco's time (stored in UTC)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CASABLANCA)


def _day(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def _today(moment: datetime.datetime) -> datetime.date:
    """The day in Morocco at that moment."""
    return moment.astimezone(CASABLANCA).date()


DAYS = datetime.timedelta


# ---------------------------------------------------------------------------
# Dates. Fixed where the calendar allows; relative to the day the demo is loaded
# where the status must hold whenever it is loaded (an open call, an upcoming one).
# Stored dates are kept while they still give the call its status for two weeks,
# so loading the demo on consecutive days does not move them.
# ---------------------------------------------------------------------------


def _lalla_2025_dates(now, call) -> Dates:
    # Launched on International Women's Day, winners announced on the
    # International Day of Cooperatives (first Saturday of July).
    results = at(_day(2025, 7, 5), 10)
    return Dates(
        opens_at=at(_day(2025, 3, 8)),
        closes_at=at(_day(2025, 5, 31), 23, 59),
        results_at=results,
        results_published_at=results,
    )


def _lalla_2026_dates(now, call) -> Dates:
    # Launched on the International Day of Cooperatives 2026, winners on 8 March 2027.
    fixed = Dates(
        opens_at=at(_day(2026, 7, 4)),
        closes_at=at(_day(2026, 10, 31), 23, 59),
        results_at=at(_day(2027, 3, 8), 10),
    )
    if now + DAYS(14) < fixed.results_at:
        return fixed
    if (
        call is not None
        and call.closes_at <= now
        and call.results_at is not None
        and DAYS(14) <= call.results_at - now <= DAYS(180)
    ):
        return Dates(call.opens_at, call.closes_at, call.results_at)
    today = _today(now)
    return Dates(
        opens_at=at(today - DAYS(140)),
        closes_at=at(today - DAYS(21), 23, 59),
        results_at=at(today + DAYS(90), 10),
    )


def _sil_2026_dates(now, call) -> Dates:
    # Open: started about three weeks ago, closes in about a month at 23:59.
    today = _today(now)
    opens_at, closes_at = at(today - DAYS(20)), at(today + DAYS(30), 23, 59)
    if call is not None:
        if now - DAYS(90) <= call.opens_at <= now - DAYS(7):
            opens_at = call.opens_at
        if now + DAYS(14) <= call.closes_at <= now + DAYS(60):
            closes_at = call.closes_at
    return Dates(opens_at, closes_at, results_at=at(_today(closes_at) + DAYS(75), 10))


def _mourafaka_2027_dates(now, call) -> Dates:
    fixed = Dates(
        opens_at=at(_day(2027, 1, 15)),
        closes_at=at(_day(2027, 3, 15), 23, 59),
        results_at=at(_day(2027, 5, 15), 10),
    )
    if now + DAYS(7) < fixed.opens_at:
        return fixed
    if call is not None and DAYS(7) <= call.opens_at - now <= DAYS(90):
        return Dates(call.opens_at, call.closes_at, call.results_at)
    opens = _today(now) + DAYS(45)
    return Dates(
        opens_at=at(opens),
        closes_at=at(opens + DAYS(59), 23, 59),
        results_at=at(opens + DAYS(120), 10),
    )


# ---------------------------------------------------------------------------
# Texts shared by several calls.
# ---------------------------------------------------------------------------

ODCO_DECLARATION = Rule(
    RuleKind.DECLARATION,
    statement=Text(
        "Notre coopérative est enregistrée auprès de l'ODCO et à jour de ses obligations légales.",
        "تعاونيتنا مسجلة لدى مكتب تنمية التعاون ووضعيتها القانونية سليمة.",
        "Our cooperative is registered with the ODCO (Office du Développement de la "
        "Coopération) and up to date with its legal obligations.",
    ),
    explanation=Text(
        "Seules les coopératives inscrites au registre de l'ODCO peuvent candidater. "
        "L'inscription se fait auprès de la délégation régionale de l'ODCO.",
        "لا يمكن الترشح إلا للتعاونيات المسجلة في سجل مكتب تنمية التعاون. يتم التسجيل "
        "لدى المندوبية الجهوية للمكتب.",
        "Only cooperatives entered in the ODCO register may apply. Registration is done at "
        "the ODCO regional office.",
    ),
)

STATUTES = Q(
    "statutes",
    K.FILE,
    Text("Statuts de la structure (PDF)", "النظام الأساسي (PDF)", "Articles of association (PDF)"),
    Text(
        "La version signée et déposée, en un seul fichier PDF.",
        "النسخة الموقعة والمودعة، في ملف PDF واحد.",
        "The signed and filed version, as one PDF file.",
    ),
    file_types=(FileType.PDF,),
)

ODCO_CERTIFICATE = Q(
    "odco_certificate",
    K.FILE,
    Text(
        "Attestation d'inscription au registre des coopératives (ODCO)",
        "شهادة التسجيل في سجل التعاونيات (مكتب تنمية التعاون)",
        "Certificate of registration in the cooperatives register (ODCO)",
    ),
    Text(
        "Un PDF ou des photos prises au téléphone : jusqu'à 3 photos pour un même document, "
        "bien à plat et lisibles.",
        "ملف PDF أو صور ملتقطة بالهاتف: إلى حدود 3 صور للوثيقة نفسها، مسطحة وواضحة.",
        "A PDF or photos taken with a phone: up to 3 photos of the same document, flat and "
        "readable.",
    ),
    file_types=(FileType.PDF, FileType.JPEG, FileType.PNG),
    max_files=3,
)

BUDGET_FILE = Q(
    "budget_file",
    K.FILE,
    Text(
        "Budget détaillé (Excel ou PDF)",
        "الميزانية المفصلة (Excel أو PDF)",
        "Detailed budget (Excel or PDF)",
    ),
    Text(
        "Facultatif : le détail des dépenses prévues et des devis obtenus.",
        "اختياري: تفاصيل النفقات المتوقعة وعروض الأسعار المحصل عليها.",
        "Optional: the planned expenses in detail and the quotes you obtained.",
    ),
    required=False,
    file_types=(FileType.XLSX, FileType.PDF),
)

DOCUMENTS_STEP_TITLE = Text("Pièces justificatives", "الوثائق المثبتة", "Supporting documents")
DOCUMENTS_STEP_INTRO = Text(
    "Formats acceptés : PDF, ou photos JPEG et PNG prises au téléphone. 10 Mo au plus par "
    "fichier ; les photos sont réduites automatiquement.",
    "الصيغ المقبولة: PDF، أو صور JPEG وPNG ملتقطة بالهاتف. 10 ميغابايت كحد أقصى لكل ملف؛ "
    "يتم تصغير الصور تلقائيا.",
    "Accepted formats: PDF, or JPEG and PNG photos taken with a phone. 10 MB at most per "
    "file; photos are downscaled automatically.",
)

MEMBERS_MIN_7 = Rule(
    RuleKind.MEMBERS_MIN,
    number=7,
    explanation=Text(
        "Le prix s'adresse aux coopératives d'au moins 7 membres.",
        "الجائزة موجهة للتعاونيات التي تضم 7 أعضاء على الأقل.",
        "The prize is open to cooperatives of at least 7 members.",
    ),
)

# ---------------------------------------------------------------------------
# Prix national Lalla Al Moutaaouina (two editions).
# ---------------------------------------------------------------------------


def _lalla_title(year: int, edition_fr: str, edition_ar: str, edition_en: str) -> Text:
    return Text(
        f"Prix national Lalla Al Moutaaouina {year} — {edition_fr} édition",
        f"الجائزة الوطنية للا المتعاونة {year} — الدورة {edition_ar}",
        f"Lalla Al Moutaaouina National Prize {year} — {edition_en} edition",
    )


def _lalla_summary(edition: Text, theme: Text) -> Text:
    return Text(
        f"{edition.fr} édition du prix de la Fondation OCP et de l'ODCO pour les coopératives "
        "féminines : 290 000 MAD de prix et un an d'accompagnement par le CoopLab de l'UM6P "
        f"pour les meilleurs projets de mise à niveau ou de développement. Thème : « {theme.fr} ».",
        f"الدورة {edition.ar} من جائزة مؤسسة OCP ومكتب تنمية التعاون لفائدة التعاونيات "
        "النسائية: جوائز بقيمة 290.000 درهم ومواكبة لمدة سنة من طرف CoopLab التابع لجامعة "
        "محمد السادس متعددة التخصصات التقنية لأفضل مشاريع التأهيل أو التطوير. "
        f"الموضوع: «{theme.ar}».",
        f"The {edition.en} edition of the Fondation OCP and ODCO prize for women's "
        "cooperatives: MAD 290,000 in prizes and a year of support from the UM6P CoopLab for "
        f"the best upgrading or development projects. Theme: “{theme.en}”.",
    )


def _lalla_rules(year: int, theme: Text, *, blind: bool) -> Text:
    fr = [
        "Le Prix national « Lalla Al Moutaaouina » a été lancé en mars 2020 par la Fondation "
        "OCP en partenariat avec l'Office du Développement de la Coopération (ODCO). Il "
        "récompense les meilleurs projets présentés par des coopératives féminines pour leur "
        "mise à niveau ou le développement de leurs activités, et invite le secteur privé à "
        "s'engager aux côtés des femmes coopératrices. Après les quatre premières éditions, "
        f"24 coopératives avaient déjà été primées. Thème de l'édition {year} : « {theme.fr} ».",
        "Qui peut candidater ? Les coopératives inscrites au registre des coopératives de "
        "l'ODCO, créées depuis au moins 12 mois, comptant au moins 7 membres dont 80 % de "
        "femmes au minimum. Chaque coopérative dépose une seule candidature. Les coopératives "
        "primées lors des deux éditions précédentes ne peuvent pas concourir.",
        "Le dossier : le formulaire en ligne se remplit en français ou en arabe, en plusieurs "
        "fois si nécessaire, depuis un téléphone ou un ordinateur. Il présente le projet et "
        "ses chiffres clés, avec les pièces justificatives : statuts, attestation "
        "d'inscription à l'ODCO (une photo lisible suffit) et, si vous en avez un, le budget "
        "détaillé.",
        "La sélection se fait en trois tours : recevabilité des dossiers par l'ODCO et la "
        "Fondation OCP, présélection sur dossier par un jury d'experts, puis finale où les "
        "coopératives retenues présentent leur projet devant le jury national. Critères : "
        "pertinence et caractère innovant du projet (25 %), impact économique et social sur "
        "les membres et leur territoire (25 %), faisabilité et viabilité (20 %), gouvernance "
        "de la coopérative (15 %), prise en compte de l'environnement (15 %).",
        "Les prix : 1er prix 100 000 MAD, 2e prix 70 000 MAD, 3e prix 50 000 MAD, un prix "
        "spécial de l'innovation de 30 000 MAD et deux prix d'encouragement de 20 000 MAD. "
        "Les montants financent le plan d'investissement présenté ; ils sont versés en deux "
        "tranches, la seconde sur présentation des justificatifs de dépenses. Les lauréates "
        "bénéficient en outre d'un an d'accompagnement par le CoopLab de l'UM6P : formation, "
        "coaching et accès à la place de marché en ligne.",
        "Les données personnelles recueillies servent uniquement à l'instruction des "
        "candidatures, conformément à la loi 09-08 ; vous pouvez exercer vos droits d'accès "
        "et de rectification auprès des organisateurs.",
    ]
    ar = [
        "أطلقت مؤسسة OCP الجائزة الوطنية «للا المتعاونة» في مارس 2020 بشراكة مع مكتب تنمية "
        "التعاون. وتكافئ الجائزة أفضل المشاريع التي تقدمها التعاونيات النسائية من أجل تأهيلها "
        "أو تطوير أنشطتها، وتدعو القطاع الخاص إلى الانخراط إلى جانب النساء المتعاونات. وقد "
        "توجت 24 تعاونية خلال الدورات الأربع الأولى. "
        f"موضوع دورة {year}: «{theme.ar}».",
        "من يمكنه الترشح؟ التعاونيات المسجلة في سجل التعاونيات لدى مكتب تنمية التعاون، التي "
        "مر على تأسيسها 12 شهرا على الأقل، وتضم 7 أعضاء على الأقل تمثل النساء 80 في المائة "
        "منهم على الأقل. تقدم كل تعاونية ترشيحا واحدا. ولا يحق للتعاونيات المتوجة في الدورتين "
        "السابقتين المشاركة.",
        "ملف الترشح: تملأ الاستمارة الإلكترونية بالعربية أو بالفرنسية، على عدة مرات إذا لزم "
        "الأمر، من الهاتف أو من الحاسوب. وتقدم المشروع وأرقامه الأساسية مرفقة بالوثائق "
        "المثبتة: النظام الأساسي، وشهادة التسجيل لدى مكتب تنمية التعاون (تكفي صورة واضحة)، "
        "والميزانية المفصلة إن وجدت.",
        "يتم الانتقاء على ثلاث مراحل: دراسة قبول الملفات من طرف مكتب تنمية التعاون ومؤسسة "
        "OCP، ثم انتقاء أولي بناء على الملفات من طرف لجنة خبراء، ثم النهائيات التي تعرض فيها "
        "التعاونيات المختارة مشاريعها أمام لجنة التحكيم الوطنية. معايير التقييم: ملاءمة "
        "المشروع وطابعه المبتكر (25%)، والأثر الاقتصادي والاجتماعي على العضوات ومحيطهن "
        "(25%)، وقابلية الإنجاز والاستدامة (20%)، وحكامة التعاونية (15%)، ومراعاة البيئة "
        "(15%).",
        "الجوائز: الجائزة الأولى 100.000 درهم، والجائزة الثانية 70.000 درهم، والجائزة الثالثة "
        "50.000 درهم، وجائزة خاصة بالابتكار قدرها 30.000 درهم، وجائزتان تشجيعيتان قيمة كل "
        "منهما 20.000 درهم. تمول هذه المبالغ مخطط الاستثمار المقدم وتصرف على دفعتين، الثانية "
        "بعد تقديم مبررات النفقات. كما تستفيد التعاونيات المتوجة من مواكبة لمدة سنة من طرف "
        "CoopLab التابع لجامعة محمد السادس متعددة التخصصات التقنية: تكوين وتوجيه وولوج إلى "
        "منصة البيع الإلكترونية.",
        "تستعمل المعطيات الشخصية المجمعة حصريا لدراسة الترشيحات طبقا للقانون 09-08، ويمكنكم "
        "ممارسة حقكم في الولوج والتصحيح لدى المنظمين.",
    ]
    en = [
        "The “Lalla Al Moutaaouina” National Prize was launched in March 2020 by the "
        "Fondation OCP in partnership with the Office du Développement de la Coopération "
        "(ODCO). It rewards the best projects submitted by women's cooperatives to upgrade or "
        "develop their activities, and invites the private sector to stand by women "
        "cooperative members. The first four editions rewarded 24 cooperatives. Theme of the "
        f"{year} edition: “{theme.en}”.",
        "Who may apply? Cooperatives entered in the ODCO cooperatives register, founded at "
        "least 12 months ago, with at least 7 members of whom at least 80% are women. Each "
        "cooperative submits one application. Cooperatives rewarded in the two previous "
        "editions may not compete.",
        "The application: the online form can be filled in French or Arabic, in several "
        "sittings if needed, on a phone or a computer. It presents the project and its key "
        "figures, with the supporting documents: articles of association, ODCO registration "
        "certificate (a readable photo is enough) and, if you have one, the detailed budget.",
        "Selection runs in three rounds: admissibility checked by the ODCO and the Fondation "
        "OCP, a shortlist drawn up by a jury of experts on the written applications, then a "
        "final in which the shortlisted cooperatives present their project to the national "
        "jury. Criteria: relevance and innovation (25%), economic and social impact on the "
        "members and their community (25%), feasibility and sustainability (20%), governance "
        "of the cooperative (15%), care for the environment (15%).",
        "The prizes: first prize MAD 100,000, second prize MAD 70,000, third prize "
        "MAD 50,000, a special innovation prize of MAD 30,000 and two encouragement prizes of "
        "MAD 20,000. The amounts fund the investment plan presented and are paid in two "
        "instalments, the second on proof of expenditure. Winners also receive a year of "
        "support from the UM6P CoopLab: training, coaching and access to the online "
        "marketplace.",
        "Personal data collected is used only to assess applications, in accordance with "
        "Law 09-08; you may exercise your rights of access and rectification with the "
        "organizers.",
    ]
    if blind:
        fr.insert(
            4,
            f"Évaluation anonyme : pour l'édition {year}, les membres du jury ne voient pas le "
            "nom de la coopérative, seulement la référence du dossier. N'écrivez pas le nom "
            "de votre coopérative dans vos réponses.",
        )
        ar.insert(
            4,
            f"تقييم دون كشف الهوية: في دورة {year} لا يطلع أعضاء لجنة التحكيم على اسم التعاونية، "
            "بل على مرجع الملف فقط. لا تكتبن اسم التعاونية في الأجوبة.",
        )
        en.insert(
            4,
            f"Blind review: for the {year} edition, jurors do not see the cooperative's name, "
            "only the application's reference. Do not write your cooperative's name in your "
            "answers.",
        )
    return Text("\n\n".join(fr), "\n\n".join(ar), "\n\n".join(en))


LALLA_ELIGIBILITY = (
    Rule(
        RuleKind.LEGAL_FORM_IN,
        choices=(LegalForm.COOPERATIVE,),
        explanation=Text(
            "Le prix est réservé aux coopératives. Les associations peuvent candidater à "
            "l'appel Recherche-Action du Social Innovation Lab.",
            "الجائزة مخصصة للتعاونيات. ويمكن للجمعيات الترشح لطلب مشاريع البحث-العمل لمختبر "
            "الابتكار الاجتماعي.",
            "The prize is for cooperatives only. Associations may apply to the Social "
            "Innovation Lab's action-research call.",
        ),
    ),
    Rule(
        RuleKind.WOMEN_SHARE_MIN,
        number=80,
        explanation=Text(
            "Le prix est réservé aux coopératives féminines : au moins 80 % des membres "
            "doivent être des femmes.",
            "الجائزة مخصصة للتعاونيات النسائية: يجب أن تمثل النساء 80 في المائة من الأعضاء "
            "على الأقل.",
            "The prize is for women's cooperatives: at least 80% of the members must be women.",
        ),
    ),
    Rule(
        RuleKind.FOUNDED_AT_LEAST_MONTHS,
        number=12,
        explanation=Text(
            "La coopérative doit avoir au moins un an d'existence. Les coopératives plus "
            "jeunes peuvent rejoindre le programme Mourafaka.",
            "يجب أن يكون قد مر على تأسيس التعاونية سنة على الأقل. ويمكن للتعاونيات الأحدث "
            "الانضمام إلى برنامج مرافقة.",
            "The cooperative must be at least one year old. Younger cooperatives may join the "
            "Mourafaka programme.",
        ),
    ),
    MEMBERS_MIN_7,
    ODCO_DECLARATION,
    Rule(
        RuleKind.DECLARATION,
        statement=Text(
            "Notre coopérative n'a pas été primée lors des deux éditions précédentes du prix.",
            "لم يسبق لتعاونيتنا أن توجت في الدورتين السابقتين للجائزة.",
            "Our cooperative was not rewarded in the two previous editions of the prize.",
        ),
    ),
)


def _lalla_steps(theme_question: Q) -> tuple[StepSpec, ...]:
    return (
        StepSpec(
            Text("Votre projet", "المشروع", "Your project"),
            Text(
                "Présentez le projet que le prix financera. Écrivez simplement, en français ou "
                "en arabe : le jury lit chaque dossier en entier.",
                "قدمن المشروع الذي ستموله الجائزة. اكتبن ببساطة، بالعربية أو بالفرنسية: تقرأ "
                "لجنة التحكيم كل ملف كاملا.",
                "Present the project the prize will fund. Write simply, in French or Arabic: "
                "the jury reads every application in full.",
            ),
            (
                Q(
                    "title",
                    K.SHORT_TEXT,
                    Text("Titre du projet", "عنوان المشروع", "Project title"),
                    Text(
                        "Une phrase courte, par exemple « Unité de séchage solaire pour le "
                        "safran ».",
                        "جملة قصيرة، مثلا «وحدة للتجفيف بالطاقة الشمسية للزعفران».",
                        "One short sentence, for example “A solar drying unit for saffron”.",
                    ),
                ),
                Q(
                    "summary",
                    K.LONG_TEXT,
                    Text("Présentation du projet", "تقديم المشروع", "The project"),
                    Text(
                        "Le besoin auquel il répond, ce que la coopérative va faire, avec quels "
                        "moyens et pour qui. 300 mots au plus.",
                        "الحاجة التي يستجيب لها، وما ستقوم به التعاونية، وبأي وسائل، ولفائدة من. "
                        "300 كلمة على الأكثر.",
                        "The need it meets, what the cooperative will do, with what means and "
                        "for whom. 300 words at most.",
                    ),
                    word_limit=300,
                ),
                Q(
                    "stage",
                    K.CHOICE,
                    Text("Où en est le projet ?", "في أي مرحلة يوجد المشروع؟", "Project stage"),
                    choices=(
                        Choice("idea", Text("Idée à lancer", "فكرة في طور الإطلاق", "An idea")),
                        Choice(
                            "started",
                            Text(
                                "Activité démarrée depuis moins de 2 ans",
                                "نشاط انطلق منذ أقل من سنتين",
                                "Activity started less than 2 years ago",
                            ),
                        ),
                        Choice(
                            "growing",
                            Text(
                                "Activité existante à développer",
                                "نشاط قائم يراد تطويره",
                                "Existing activity to develop",
                            ),
                        ),
                    ),
                ),
                Q(
                    "uses",
                    K.MULTIPLE_CHOICE,
                    Text(
                        "Ce que le prix financera",
                        "ما ستموله الجائزة",
                        "What the prize will fund",
                    ),
                    Text(
                        "Cochez tout ce qui s'applique.",
                        "اخترن كل ما ينطبق.",
                        "Tick all that apply.",
                    ),
                    choices=(
                        Choice(
                            "equipment",
                            Text(
                                "Équipement de production", "معدات الإنتاج", "Production equipment"
                            ),
                        ),
                        Choice(
                            "processing",
                            Text(
                                "Transformation et conditionnement",
                                "التحويل والتلفيف",
                                "Processing and packing",
                            ),
                        ),
                        Choice(
                            "labelling",
                            Text(
                                "Emballage, étiquetage et certification",
                                "التعبئة والتوسيم والإشهاد",
                                "Packaging, labelling and certification",
                            ),
                        ),
                        Choice(
                            "marketing",
                            Text(
                                "Commercialisation et vente en ligne",
                                "التسويق والبيع عبر الإنترنت",
                                "Marketing and online sales",
                            ),
                        ),
                        Choice(
                            "training",
                            Text("Formation des membres", "تكوين العضوات", "Training the members"),
                        ),
                        Choice(
                            "premises",
                            Text("Aménagement du local", "تهيئة المقر", "Fitting out the premises"),
                        ),
                    ),
                ),
            ),
        ),
        StepSpec(
            Text("Chiffres et impact", "الأرقام والأثر", "Figures and impact"),
            Text(
                "Des ordres de grandeur suffisent : le jury ne cherche pas la précision au "
                "dirham près, mais la cohérence du projet.",
                "تكفي الأرقام التقريبية: لا تبحث لجنة التحكيم عن الدقة بالدرهم، بل عن انسجام "
                "المشروع.",
                "Orders of magnitude are enough: the jury looks for a consistent project, not "
                "precision to the dirham.",
            ),
            (
                Q(
                    "turnover",
                    K.NUMBER,
                    Text(
                        "Chiffre d'affaires de la dernière année (MAD)",
                        "رقم معاملات السنة الماضية (بالدرهم)",
                        "Last year's turnover (MAD)",
                    ),
                    Text(
                        "Mettez 0 si la coopérative n'a pas encore vendu.",
                        "اكتبن 0 إذا لم تبع التعاونية بعد.",
                        "Enter 0 if the cooperative has not sold anything yet.",
                    ),
                    min_value=0,
                    max_value=5_000_000,
                ),
                Q(
                    "budget",
                    K.NUMBER,
                    Text(
                        "Budget total du projet (MAD)",
                        "الميزانية الإجمالية للمشروع (بالدرهم)",
                        "Total project budget (MAD)",
                    ),
                    min_value=10_000,
                    max_value=1_000_000,
                ),
                Q(
                    "beneficiaries",
                    K.NUMBER,
                    Text(
                        "Nombre de femmes qui bénéficieront directement du projet",
                        "عدد النساء المستفيدات مباشرة من المشروع",
                        "Number of women who will benefit directly",
                    ),
                    min_value=1,
                    max_value=2_000,
                ),
                Q(
                    "start",
                    K.DATE,
                    Text(
                        "Date de démarrage prévue",
                        "تاريخ الانطلاق المتوقع",
                        "Planned start date",
                    ),
                ),
                theme_question,
                Q(
                    "onssa",
                    K.YES_NO,
                    Text(
                        "La coopérative a-t-elle une autorisation ou un agrément sanitaire de "
                        "l'ONSSA ?",
                        "هل تتوفر التعاونية على ترخيص أو اعتماد صحي من المكتب الوطني للسلامة "
                        "الصحية للمنتجات الغذائية؟",
                        "Does the cooperative hold an ONSSA food safety authorization?",
                    ),
                    Text(
                        "Répondez « non » si vos produits n'en ont pas besoin (artisanat, "
                        "tissage).",
                        "أجبن بـ«لا» إذا كانت منتجاتكن لا تحتاج إليه (الصناعة التقليدية، النسيج).",
                        "Answer “no” if your products do not need one (crafts, weaving).",
                    ),
                ),
            ),
        ),
        StepSpec(
            DOCUMENTS_STEP_TITLE,
            DOCUMENTS_STEP_INTRO,
            (STATUTES, ODCO_CERTIFICATE, BUDGET_FILE),
        ),
    )


LALLA_PRIZES = (
    Prize(Text("1er prix", "الجائزة الأولى", "First prize"), 1, 100_000),
    Prize(Text("2e prix", "الجائزة الثانية", "Second prize"), 2, 70_000),
    Prize(Text("3e prix", "الجائزة الثالثة", "Third prize"), 3, 50_000),
    Prize(
        Text(
            "Prix spécial de l'innovation", "الجائزة الخاصة بالابتكار", "Special innovation prize"
        ),
        4,
        30_000,
    ),
    Prize(Text("Prix d'encouragement", "جائزة التشجيع", "Encouragement prize"), 5, 20_000, count=2),
)

LALLA_2025_THEME = Text(
    "Coopératives féminines : innover pour valoriser les produits du terroir",
    "التعاونيات النسائية: الابتكار من أجل تثمين المنتجات المحلية",
    "Women's cooperatives: innovating to add value to local products",
)
LALLA_2026_THEME = Text(
    "Coopératives féminines et résilience climatique",
    "التعاونيات النسائية والصمود في وجه التغيرات المناخية",
    "Women's cooperatives and climate resilience",
)

LALLA_2025 = CallSpec(
    slug="lalla-al-moutaaouina-2025",
    kind=CallKind.PRIZE,
    reference_prefix="LAM",
    organizers=(ORGANIZER,),
    title=_lalla_title(2025, "6e", "السادسة", "6th"),
    summary=_lalla_summary(Text("6e", "السادسة", "6th"), LALLA_2025_THEME),
    rules=_lalla_rules(2025, LALLA_2025_THEME, blind=False),
    dates=_lalla_2025_dates,
    eligibility=LALLA_ELIGIBILITY,
    steps=_lalla_steps(
        Q(
            "theme",
            K.LONG_TEXT,
            Text(
                "En quoi le projet valorise-t-il un produit du terroir ?",
                "كيف يثمن المشروع منتجا من المنتجات المحلية؟",
                "How does the project add value to a local product?",
            ),
            Text(
                "Qualité, label, transformation, histoire du produit, nouveaux marchés… 200 mots "
                "au plus.",
                "الجودة، العلامة، التحويل، تاريخ المنتوج، أسواق جديدة… 200 كلمة على الأكثر.",
                "Quality, label, processing, the product's story, new markets… 200 words at most.",
            ),
            word_limit=200,
        )
    ),
    rounds=(RoundKind.SCREENING, RoundKind.SHORTLIST, RoundKind.FINAL),
    prizes=LALLA_PRIZES,
    status=CallStatus.RESULTS_PUBLISHED,
)

LALLA_2026 = CallSpec(
    slug="lalla-al-moutaaouina-2026",
    kind=CallKind.PRIZE,
    reference_prefix="LAM",
    organizers=(ORGANIZER,),
    title=_lalla_title(2026, "7e", "السابعة", "7th"),
    summary=_lalla_summary(Text("7e", "السابعة", "7th"), LALLA_2026_THEME),
    rules=_lalla_rules(2026, LALLA_2026_THEME, blind=True),
    dates=_lalla_2026_dates,
    eligibility=LALLA_ELIGIBILITY,
    steps=_lalla_steps(
        Q(
            "theme",
            K.LONG_TEXT,
            Text(
                "Comment le projet aide-t-il la coopérative à faire face au climat ?",
                "كيف يساعد المشروع التعاونية على مواجهة التغيرات المناخية؟",
                "How does the project help the cooperative cope with the climate?",
            ),
            Text(
                "Eau, sécheresse, énergie, pertes de récolte, chaleur… 200 mots au plus.",
                "الماء، الجفاف، الطاقة، ضياع المحاصيل، الحرارة… 200 كلمة على الأكثر.",
                "Water, drought, energy, crop losses, heat… 200 words at most.",
            ),
            word_limit=200,
        )
    ),
    rounds=(RoundKind.SCREENING, RoundKind.SHORTLIST, RoundKind.FINAL),
    prizes=LALLA_PRIZES,
    status=CallStatus.IN_REVIEW,
    blind_review=True,
)

# ---------------------------------------------------------------------------
# Appel à projets Recherche-Action SIL 2026.
# ---------------------------------------------------------------------------

SIL_RULES = Text(
    "\n\n".join(
        [
            "Créé par la Fondation OCP et l'Université Mohammed VI Polytechnique (UM6P), le "
            "Social Innovation Lab (SIL) aide les acteurs sociaux à concevoir des solutions à "
            "fort impact. La recherche-action est l'un de ses quatre axes, avec la formation, "
            "la donnée et les projets pilotes : le premier appel, lancé pendant la crise du "
            "Covid-19, a donné naissance à 9 projets. Depuis 2019, le SIL a touché plus de "
            "4 200 bénéficiaires et soutenu plus de 700 coopératives dans les 12 régions.",
            "Qui peut candidater ? Une structure de l'économie sociale et solidaire "
            "(coopérative, association ou groupement de porteurs de projet) existant depuis "
            "au moins 12 mois et comptant au moins 3 membres, associée à une équipe de "
            "recherche d'une université ou d'un centre de recherche marocain. La structure "
            "dépose le dossier ; le laboratoire partenaire confirme sa participation par une "
            "lettre d'engagement. Une structure peut déposer au plus deux projets.",
            "Ce que l'appel finance : des projets de 6 à 18 mois, jusqu'à 250 000 MAD pour un "
            "projet pilote et 80 000 MAD pour une étude exploratoire : temps de terrain, "
            "ateliers de co-design, petits équipements, prototypes, déplacements et "
            "restitution aux communautés. Les salaires permanents et l'achat de véhicules ne "
            "sont pas éligibles. Thématiques 2026 : chaînes de valeur agricoles, inclusion "
            "digitale, patrimoine culturel et artisanal, entrepreneuriat féminin rural, eau "
            "et résilience climatique.",
            "Sélection : l'équipe du SIL vérifie la recevabilité, puis un comité scientifique "
            "et social évalue les dossiers et auditionne les équipes présélectionnées. "
            "Critères : utilité sociale et ancrage local, qualité de la démarche "
            "participative, solidité de la méthode de recherche, réalisme du calendrier et du "
            "budget, potentiel de passage à l'échelle.",
            "Engagements des équipes retenues : un rapport à mi-parcours et un rapport final, "
            "le partage avec le SIL des données produites (anonymisées, dans le respect de la "
            "loi 09-08) et une restitution publique auprès des bénéficiaires.",
        ]
    ),
    "\n\n".join(
        [
            "أحدث مختبر الابتكار الاجتماعي (SIL) من طرف مؤسسة OCP وجامعة محمد السادس متعددة "
            "التخصصات التقنية لمساعدة الفاعلين الاجتماعيين على تصميم حلول ذات أثر قوي. ويعد "
            "البحث-العمل أحد محاوره الأربعة، إلى جانب التكوين والمعطيات والمشاريع النموذجية: "
            "وقد أفرز الطلب الأول، الذي أطلق خلال أزمة كوفيد-19، تسعة مشاريع. ومنذ 2019 استفاد "
            "من المختبر أكثر من 4.200 مستفيد ومستفيدة، ودعم أكثر من 700 تعاونية في الجهات "
            "الاثنتي عشرة.",
            "من يمكنه الترشح؟ هيئة من هيئات الاقتصاد الاجتماعي والتضامني (تعاونية أو جمعية أو "
            "مجموعة من حاملي المشاريع) مر على وجودها 12 شهرا على الأقل وتضم 3 أعضاء على الأقل، "
            "بشراكة مع فريق بحث من جامعة أو مركز بحث مغربي. تودع الهيئة الملف، ويؤكد المختبر "
            "الشريك مشاركته برسالة التزام. يمكن لكل هيئة أن تقدم مشروعين على الأكثر.",
            "ما يموله الطلب: مشاريع مدتها من 6 إلى 18 شهرا، بمبلغ يصل إلى 250.000 درهم للمشروع "
            "النموذجي و80.000 درهم للدراسة الاستكشافية: العمل الميداني، وورشات التصميم "
            "التشاركي، والتجهيزات الصغيرة، والنماذج الأولية، والتنقلات، وتقاسم النتائج مع "
            "الساكنة. لا تقبل الأجور الدائمة ولا اقتناء السيارات. محاور 2026: سلاسل القيمة "
            "الفلاحية، والإدماج الرقمي، والتراث الثقافي والحرفي، والمقاولة النسائية القروية، "
            "والماء والصمود المناخي.",
            "الانتقاء: يتحقق فريق المختبر من قبول الملفات، ثم تقيّم لجنة علمية واجتماعية الملفات "
            "وتستمع إلى الفرق المنتقاة أوليا. المعايير: المنفعة الاجتماعية والارتباط بالمجال، "
            "وجودة المقاربة التشاركية، ومتانة منهجية البحث، وواقعية الجدول الزمني والميزانية، "
            "وإمكانية التعميم.",
            "التزامات الفرق المختارة: تقرير في منتصف المدة وتقرير نهائي، وتقاسم المعطيات المنتجة "
            "مع المختبر (مجهولة الهوية، في احترام للقانون 09-08)، وتقديم النتائج علنيا أمام "
            "المستفيدين.",
        ]
    ),
    "\n\n".join(
        [
            "Created by the Fondation OCP and Mohammed VI Polytechnic University (UM6P), the "
            "Social Innovation Lab (SIL) helps social actors design high-impact solutions. "
            "Action research is one of its four pillars, alongside training, data and pilot "
            "projects: its first call, launched during the Covid-19 crisis, gave rise to 9 "
            "projects. Since 2019 the SIL has reached more than 4,200 beneficiaries and "
            "supported more than 700 cooperatives across the 12 regions.",
            "Who may apply? A social and solidarity economy organization (cooperative, "
            "association or group of project holders) that has existed for at least 12 months "
            "and has at least 3 members, teamed with a research group from a Moroccan "
            "university or research centre. The organization submits the application; the "
            "partner laboratory confirms its participation with a letter of commitment. An "
            "organization may submit at most two projects.",
            "What the call funds: projects of 6 to 18 months, up to MAD 250,000 for a pilot "
            "project and MAD 80,000 for an exploratory study: fieldwork, co-design workshops, "
            "small equipment, prototypes, travel and sharing the results with communities. "
            "Permanent salaries and vehicles are not eligible. 2026 themes: agricultural value "
            "chains, digital inclusion, cultural and craft heritage, rural women's "
            "entrepreneurship, water and climate resilience.",
            "Selection: the SIL team checks admissibility, then a scientific and social "
            "committee assesses the applications and interviews the shortlisted teams. "
            "Criteria: social usefulness and local roots, quality of the participatory "
            "approach, soundness of the research method, realistic timetable and budget, "
            "potential to scale.",
            "Commitments of the selected teams: a mid-term and a final report, sharing the "
            "data produced with the SIL (anonymized, in line with Law 09-08) and a public "
            "presentation of the results to the beneficiaries.",
        ]
    ),
)

SIL_2026 = CallSpec(
    slug="recherche-action-sil-2026",
    kind=CallKind.ACTION_RESEARCH,
    reference_prefix="SIL",
    reference_year=2026,
    organizers=(ORGANIZER2,),
    title=Text(
        "Appel à projets Recherche-Action SIL 2026",
        "طلب مشاريع البحث-العمل لمختبر الابتكار الاجتماعي 2026",
        "SIL Action-Research Call for Projects 2026",
    ),
    summary=Text(
        "Le Social Innovation Lab de l'UM6P et la Fondation OCP financent jusqu'à 250 000 MAD "
        "des projets de recherche-action menés par une structure de l'économie sociale et "
        "solidaire avec une équipe de recherche, pour répondre à un problème social local par "
        "une solution innovante.",
        "يمول مختبر الابتكار الاجتماعي بجامعة محمد السادس متعددة التخصصات التقنية ومؤسسة OCP، "
        "بمبلغ يصل إلى 250.000 درهم، مشاريع للبحث-العمل تنجزها هيئة من هيئات الاقتصاد "
        "الاجتماعي والتضامني مع فريق بحث، للاستجابة لمشكل اجتماعي محلي بحل مبتكر.",
        "The UM6P Social Innovation Lab and the Fondation OCP fund action-research projects of "
        "up to MAD 250,000, led by a social and solidarity economy organization with a "
        "research team, to answer a local social problem with an innovative solution.",
    ),
    rules=SIL_RULES,
    dates=_sil_2026_dates,
    eligibility=(
        Rule(
            RuleKind.LEGAL_FORM_IN,
            choices=(LegalForm.COOPERATIVE, LegalForm.ASSOCIATION, LegalForm.INFORMAL_GROUP),
            explanation=Text(
                "L'appel s'adresse aux structures de l'économie sociale et solidaire : "
                "coopératives, associations et groupements de porteurs de projet. Une "
                "entreprise peut y participer comme partenaire d'une de ces structures.",
                "الطلب موجه لهيئات الاقتصاد الاجتماعي والتضامني: التعاونيات والجمعيات ومجموعات "
                "حاملي المشاريع. ويمكن للمقاولة المشاركة كشريك لإحدى هذه الهيئات.",
                "The call is for social and solidarity economy organizations: cooperatives, "
                "associations and groups of project holders. A company may take part as the "
                "partner of one of them.",
            ),
        ),
        Rule(RuleKind.FOUNDED_AT_LEAST_MONTHS, number=12),
        Rule(RuleKind.MEMBERS_MIN, number=3),
        Rule(
            RuleKind.DECLARATION,
            statement=Text(
                "Notre projet associe une équipe de recherche d'une université ou d'un centre "
                "de recherche marocain, qui s'est engagée par écrit.",
                "يشرك مشروعنا فريق بحث من جامعة أو مركز بحث مغربي التزم كتابيا بالمشاركة.",
                "Our project involves a research team from a Moroccan university or research "
                "centre, which has committed in writing.",
            ),
            explanation=Text(
                "La recherche-action se mène à deux : trouvez d'abord un laboratoire "
                "partenaire. L'équipe du SIL peut vous mettre en relation.",
                "يتم البحث-العمل بشراكة: ابحثوا أولا عن مختبر شريك. ويمكن لفريق المختبر أن "
                "يربط الاتصال بينكم.",
                "Action research takes two: find a partner laboratory first. The SIL team can "
                "put you in touch.",
            ),
        ),
    ),
    steps=(
        StepSpec(
            Text(
                "Le projet de recherche-action", "مشروع البحث-العمل", "The action-research project"
            ),
            Text(
                "Décrivez le problème que vivent les bénéficiaires et la manière dont la "
                "structure et les chercheurs vont y travailler ensemble.",
                "صفوا المشكل الذي يعيشه المستفيدون والطريقة التي ستعمل بها الهيئة والباحثون "
                "معا لمعالجته.",
                "Describe the problem the beneficiaries face and how the organization and the "
                "researchers will work on it together.",
            ),
            (
                Q(
                    "title",
                    K.SHORT_TEXT,
                    Text("Titre du projet", "عنوان المشروع", "Project title"),
                ),
                Q(
                    "theme",
                    K.CHOICE,
                    Text("Thématique", "المحور", "Theme"),
                    choices=(
                        Choice(
                            "value-chains",
                            Text(
                                "Chaînes de valeur agricoles",
                                "سلاسل القيمة الفلاحية",
                                "Agricultural value chains",
                            ),
                        ),
                        Choice(
                            "digital",
                            Text("Inclusion digitale", "الإدماج الرقمي", "Digital inclusion"),
                        ),
                        Choice(
                            "heritage",
                            Text(
                                "Patrimoine culturel et artisanal",
                                "التراث الثقافي والحرفي",
                                "Cultural and craft heritage",
                            ),
                        ),
                        Choice(
                            "women",
                            Text(
                                "Entrepreneuriat féminin rural",
                                "المقاولة النسائية القروية",
                                "Rural women's entrepreneurship",
                            ),
                        ),
                        Choice(
                            "water",
                            Text(
                                "Eau et résilience climatique",
                                "الماء والصمود المناخي",
                                "Water and climate resilience",
                            ),
                        ),
                    ),
                ),
                Q(
                    "problem",
                    K.LONG_TEXT,
                    Text(
                        "Le problème social à résoudre",
                        "المشكل الاجتماعي المراد حله",
                        "The social problem to solve",
                    ),
                    Text(
                        "Qui est concerné, depuis quand, ce qui a déjà été essayé. 300 mots au "
                        "plus.",
                        "من المعني، ومنذ متى، وما الذي جرب من قبل. 300 كلمة على الأكثر.",
                        "Who is affected, since when, what has been tried already. 300 words at "
                        "most.",
                    ),
                    word_limit=300,
                ),
                Q(
                    "method",
                    K.LONG_TEXT,
                    Text(
                        "Question de recherche et démarche participative",
                        "سؤال البحث والمقاربة التشاركية",
                        "Research question and participatory approach",
                    ),
                    Text(
                        "Comment les bénéficiaires participeront-ils : ateliers de co-design, "
                        "enquêtes, expérimentation sur le terrain ? 250 mots au plus.",
                        "كيف سيشارك المستفيدون: ورشات التصميم التشاركي، الاستطلاعات، التجريب "
                        "الميداني؟ 250 كلمة على الأكثر.",
                        "How will the beneficiaries take part: co-design workshops, surveys, "
                        "field experiments? 250 words at most.",
                    ),
                    word_limit=250,
                ),
            ),
        ),
        StepSpec(
            Text("Équipe et territoire", "الفريق والمجال الترابي", "Team and territory"),
            Text(
                "Qui porte le projet, avec qui, et où.",
                "من يحمل المشروع، ومع من، وأين.",
                "Who leads the project, with whom, and where.",
            ),
            (
                Q(
                    "laboratory",
                    K.SHORT_TEXT,
                    Text(
                        "Laboratoire ou équipe de recherche partenaire",
                        "المختبر أو فريق البحث الشريك",
                        "Partner laboratory or research team",
                    ),
                    Text(
                        "Par exemple : UM6P — Social Innovation Lab ; Université Ibn Zohr — "
                        "Faculté des sciences d'Agadir.",
                        "مثلا: جامعة محمد السادس متعددة التخصصات التقنية — مختبر الابتكار "
                        "الاجتماعي؛ جامعة ابن زهر — كلية العلوم بأكادير.",
                        "For example: UM6P — Social Innovation Lab; Ibn Zohr University — "
                        "Faculty of Sciences, Agadir.",
                    ),
                ),
                Q(
                    "researcher",
                    K.SHORT_TEXT,
                    Text(
                        "Chercheuse ou chercheur référent",
                        "الباحثة أو الباحث المرجعي",
                        "Lead researcher",
                    ),
                ),
                Q(
                    "beneficiaries",
                    K.NUMBER,
                    Text(
                        "Nombre de bénéficiaires directs",
                        "عدد المستفيدين المباشرين",
                        "Number of direct beneficiaries",
                    ),
                    min_value=10,
                    max_value=20_000,
                ),
                Q(
                    "partners",
                    K.MULTIPLE_CHOICE,
                    Text(
                        "Partenaires déjà engagés",
                        "الشركاء الملتزمون حاليا",
                        "Partners already on board",
                    ),
                    required=False,
                    choices=(
                        Choice("commune", Text("Commune", "الجماعة", "Municipality")),
                        Choice(
                            "indh",
                            Text(
                                "INDH",
                                "المبادرة الوطنية للتنمية البشرية",
                                "INDH (National Human Development Initiative)",
                            ),
                        ),
                        Choice("odco", Text("ODCO", "مكتب تنمية التعاون", "ODCO")),
                        Choice(
                            "ngo",
                            Text("Association locale", "جمعية محلية", "Local association"),
                        ),
                        Choice("company", Text("Entreprise", "مقاولة", "Company")),
                        Choice(
                            "ocp",
                            Text(
                                "Sites du Groupe OCP (Act4Community, Al Moutmir)",
                                "مواقع مجموعة OCP (Act4Community، المثمر)",
                                "OCP Group sites (Act4Community, Al Moutmir)",
                            ),
                        ),
                    ),
                ),
                Q(
                    "personal_data",
                    K.YES_NO,
                    Text(
                        "Le projet recueillera-t-il des données personnelles auprès des "
                        "bénéficiaires ?",
                        "هل سيجمع المشروع معطيات شخصية من المستفيدين؟",
                        "Will the project collect personal data from beneficiaries?",
                    ),
                    Text(
                        "Si oui, le SIL vous aide à préparer le consentement éclairé et la "
                        "déclaration à la CNDP.",
                        "إذا كان الجواب نعم، يساعدكم المختبر على إعداد الموافقة المستنيرة "
                        "والتصريح لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي.",
                        "If so, the SIL helps you prepare informed consent and the declaration "
                        "to the CNDP (data protection authority).",
                    ),
                ),
            ),
        ),
        StepSpec(
            Text("Calendrier et budget", "الجدول الزمني والميزانية", "Timetable and budget"),
            Text(
                "Le comité vérifie que la durée et le budget correspondent aux activités décrites.",
                "تتحقق اللجنة من ملاءمة المدة والميزانية للأنشطة الموصوفة.",
                "The committee checks that the duration and the budget match the activities "
                "described.",
            ),
            (
                Q(
                    "start",
                    K.DATE,
                    Text("Date de démarrage souhaitée", "تاريخ الانطلاق المرغوب", "Desired start"),
                ),
                Q(
                    "months",
                    K.NUMBER,
                    Text("Durée du projet (mois)", "مدة المشروع (بالأشهر)", "Duration (months)"),
                    min_value=6,
                    max_value=18,
                ),
                Q(
                    "amount",
                    K.NUMBER,
                    Text(
                        "Montant demandé au SIL (MAD)",
                        "المبلغ المطلوب من المختبر (بالدرهم)",
                        "Amount requested from the SIL (MAD)",
                    ),
                    Text(
                        "Jusqu'à 80 000 MAD pour une étude exploratoire, 250 000 MAD pour un "
                        "projet pilote.",
                        "إلى حدود 80.000 درهم للدراسة الاستكشافية و250.000 درهم للمشروع النموذجي.",
                        "Up to MAD 80,000 for an exploratory study, MAD 250,000 for a pilot "
                        "project.",
                    ),
                    min_value=20_000,
                    max_value=250_000,
                ),
                Q(
                    "cofunding",
                    K.NUMBER,
                    Text(
                        "Cofinancement apporté par la structure et ses partenaires (MAD)",
                        "التمويل المشترك المقدم من الهيئة وشركائها (بالدرهم)",
                        "Co-funding from the organization and its partners (MAD)",
                    ),
                    Text(
                        "En argent ou en nature (local, matériel, temps des membres). 0 si aucun.",
                        "نقدا أو عينا (مقر، معدات، وقت الأعضاء). 0 إذا لم يوجد.",
                        "In cash or in kind (premises, equipment, members' time). 0 if none.",
                    ),
                    min_value=0,
                    max_value=1_000_000,
                ),
            ),
        ),
        StepSpec(
            DOCUMENTS_STEP_TITLE,
            DOCUMENTS_STEP_INTRO,
            (
                Q(
                    "statutes",
                    K.FILE,
                    Text(
                        "Statuts ou règlement intérieur (PDF)",
                        "النظام الأساسي أو النظام الداخلي (PDF)",
                        "Articles of association or internal rules (PDF)",
                    ),
                    file_types=(FileType.PDF,),
                ),
                Q(
                    "registration",
                    K.FILE,
                    Text(
                        "Attestation d'enregistrement (ODCO ou récépissé définitif)",
                        "شهادة التسجيل (مكتب تنمية التعاون أو الوصل النهائي)",
                        "Registration certificate (ODCO or final receipt)",
                    ),
                    ODCO_CERTIFICATE.help,
                    required=False,
                    file_types=ODCO_CERTIFICATE.file_types,
                    max_files=3,
                ),
                Q(
                    "commitment",
                    K.FILE,
                    Text(
                        "Lettre d'engagement du laboratoire partenaire (PDF)",
                        "رسالة التزام المختبر الشريك (PDF)",
                        "Partner laboratory's letter of commitment (PDF)",
                    ),
                    file_types=(FileType.PDF,),
                ),
                BUDGET_FILE,
            ),
        ),
    ),
    rounds=(RoundKind.SCREENING, RoundKind.FINAL),
    prizes=(
        Prize(
            Text("Projet pilote", "مشروع نموذجي", "Pilot project"),
            1,
            250_000,
            count=6,
        ),
        Prize(
            Text("Étude exploratoire", "دراسة استكشافية", "Exploratory study"),
            2,
            80_000,
            count=4,
        ),
    ),
    status=CallStatus.OPEN,
    max_applications_per_organization=2,
)

# ---------------------------------------------------------------------------
# Programme Mourafaka — cohorte 2027.
# ---------------------------------------------------------------------------

MOURAFAKA_RULES = Text(
    "\n\n".join(
        [
            "Le programme Mourafaka est né en juillet 2021, à l'occasion de la Journée "
            "internationale des coopératives, d'une convention entre le Ministère du "
            "Tourisme, de l'Artisanat, du Transport Aérien et de l'Économie Sociale, l'UM6P, "
            "l'Office du Développement de la Coopération (ODCO) et la Fondation OCP. Il est "
            "porté par le CoopLab de l'UM6P, premier spin-off du Social Innovation Lab. Son "
            "objectif : former et accompagner 600 coopératives nouvellement créées dans les "
            "12 régions du Maroc ; 243 coopératives de 4 régions avaient déjà été "
            "sensibilisées, formées et accompagnées en 2023.",
            "Le parcours dure 12 mois : un diagnostic de la coopérative, des formations "
            "collectives près de chez vous (management et gouvernance, techniques de "
            "production, commercialisation des nouveaux produits, planification "
            "stratégique), du coaching individuel sur place et à distance, et une mise en "
            "réseau avec des acheteurs et des partenaires. Le programme est gratuit pour les "
            "coopératives retenues ; les déplacements aux formations sont pris en charge.",
            "Qui peut candidater ? Les coopératives inscrites à l'ODCO, créées depuis moins "
            "de 3 ans, comptant au moins 5 membres, dans l'une des 12 régions. Deux membres de "
            "la coopérative, dont au moins un membre du conseil d'administration, s'engagent "
            "à suivre tout le parcours.",
            "Sélection : l'ODCO et le CoopLab vérifient la recevabilité, puis un comité "
            "retient les coopératives en veillant à l'équilibre entre régions et filières et "
            "à la place des femmes et des jeunes. La cohorte 2027 compte 150 places. À la fin "
            "du parcours, les 30 meilleurs plans de développement reçoivent un kit de "
            "démarrage de 15 000 MAD.",
        ]
    ),
    "\n\n".join(
        [
            "رأى برنامج مرافقة النور في يوليوز 2021، بمناسبة اليوم العالمي للتعاونيات، من خلال "
            "اتفاقية بين وزارة السياحة والصناعة التقليدية والنقل الجوي والاقتصاد الاجتماعي، "
            "وجامعة محمد السادس متعددة التخصصات التقنية، ومكتب تنمية التعاون، ومؤسسة OCP. "
            "ويحمله CoopLab التابع للجامعة، أول مشروع منبثق عن مختبر الابتكار الاجتماعي. "
            "هدفه: تكوين ومواكبة 600 تعاونية حديثة التأسيس في جهات المغرب الاثنتي عشرة؛ وقد "
            "تم إلى حدود 2023 تحسيس وتكوين ومواكبة 243 تعاونية في 4 جهات.",
            "تمتد المواكبة على 12 شهرا: تشخيص للتعاونية، وتكوينات جماعية قريبة منكم (التدبير "
            "والحكامة، وتقنيات الإنتاج، وتسويق المنتجات الجديدة، والتخطيط الاستراتيجي)، "
            "وتوجيه فردي حضوري وعن بعد، وربط العلاقات مع المشترين والشركاء. البرنامج مجاني "
            "للتعاونيات المختارة، وتتكفل الجهة المنظمة بمصاريف التنقل إلى التكوينات.",
            "من يمكنه الترشح؟ التعاونيات المسجلة لدى مكتب تنمية التعاون، التي مر على تأسيسها "
            "أقل من 3 سنوات، وتضم 5 أعضاء على الأقل، في إحدى الجهات الاثنتي عشرة. ويلتزم "
            "عضوان من التعاونية، أحدهما على الأقل من مجلس الإدارة، بتتبع المسار كاملا.",
            "الانتقاء: يتحقق مكتب تنمية التعاون وCoopLab من قبول الملفات، ثم تختار لجنة "
            "التعاونيات مع الحرص على التوازن بين الجهات والقطاعات وعلى مكانة النساء والشباب. "
            "يضم فوج 2027 مائة وخمسين مقعدا. وفي نهاية المسار، تحصل أفضل 30 خطة تنمية على عدة "
            "انطلاق بقيمة 15.000 درهم.",
        ]
    ),
    "\n\n".join(
        [
            "The Mourafaka programme was born in July 2021, on the International Day of "
            "Cooperatives, from an agreement between the Ministry of Tourism, Handicrafts, Air "
            "Transport and Social Economy, UM6P, the Office du Développement de la Coopération "
            "(ODCO) and the Fondation OCP. It is run by the UM6P CoopLab, the first spin-off of "
            "the Social Innovation Lab. Its goal: to train and support 600 newly created "
            "cooperatives in Morocco's 12 regions; by 2023, 243 cooperatives in 4 regions had "
            "already been trained and supported.",
            "The programme lasts 12 months: a diagnosis of the cooperative, group training "
            "sessions near you (management and governance, production techniques, marketing "
            "new products, strategic planning), one-to-one coaching on site and remotely, and "
            "networking with buyers and partners. It is free for the selected cooperatives; "
            "travel to the training sessions is covered.",
            "Who may apply? Cooperatives registered with the ODCO, founded less than 3 years "
            "ago, with at least 5 members, in any of the 12 regions. Two members of the "
            "cooperative, at least one of them on its board, commit to follow the whole "
            "programme.",
            "Selection: the ODCO and the CoopLab check admissibility, then a committee selects "
            "the cooperatives, balancing regions and sectors and giving women and young "
            "people their place. The 2027 cohort has 150 places. At the end of the programme, "
            "the 30 best development plans receive a MAD 15,000 start-up kit.",
        ]
    ),
)

MOURAFAKA_2027 = CallSpec(
    slug="mourafaka-2027",
    kind=CallKind.SUPPORT_PROGRAMME,
    reference_prefix="MRF",
    organizers=(ORGANIZER,),
    title=Text(
        "Programme Mourafaka — cohorte 2027",
        "برنامج مرافقة — فوج 2027",
        "Mourafaka programme — 2027 cohort",
    ),
    summary=Text(
        "Un an de formation et d'accompagnement gratuits par le CoopLab de l'UM6P pour 150 "
        "coopératives créées depuis moins de 3 ans, dans les 12 régions : gouvernance, "
        "production, commercialisation, planification stratégique.",
        "سنة من التكوين والمواكبة المجانية من طرف CoopLab التابع لجامعة محمد السادس متعددة "
        "التخصصات التقنية لفائدة 150 تعاونية تأسست منذ أقل من 3 سنوات، في الجهات الاثنتي "
        "عشرة: الحكامة والإنتاج والتسويق والتخطيط الاستراتيجي.",
        "A year of free training and support from the UM6P CoopLab for 150 cooperatives "
        "founded less than 3 years ago, in all 12 regions: governance, production, marketing, "
        "strategic planning.",
    ),
    rules=MOURAFAKA_RULES,
    dates=_mourafaka_2027_dates,
    eligibility=(
        Rule(RuleKind.LEGAL_FORM_IN, choices=(LegalForm.COOPERATIVE,)),
        Rule(
            RuleKind.FOUNDED_WITHIN_YEARS,
            number=3,
            explanation=Text(
                "Mourafaka accompagne les coopératives de moins de 3 ans. Les coopératives "
                "plus anciennes peuvent suivre les formations ouvertes du CoopLab.",
                "يواكب برنامج مرافقة التعاونيات التي يقل عمرها عن 3 سنوات. ويمكن للتعاونيات "
                "الأقدم متابعة التكوينات المفتوحة لـCoopLab.",
                "Mourafaka supports cooperatives less than 3 years old. Older cooperatives may "
                "attend the CoopLab's open training sessions.",
            ),
        ),
        Rule(RuleKind.REGION_IN, choices=tuple(Region.values)),
        Rule(RuleKind.MEMBERS_MIN, number=5),
        ODCO_DECLARATION,
        Rule(
            RuleKind.DECLARATION,
            statement=Text(
                "Deux membres de la coopérative, dont un membre du conseil d'administration, "
                "suivront tout le parcours (environ deux jours par mois pendant un an).",
                "سيتابع عضوان من التعاونية، أحدهما من مجلس الإدارة، المسار كاملا (حوالي يومين "
                "في الشهر لمدة سنة).",
                "Two members of the cooperative, one of them on the board, will follow the "
                "whole programme (about two days a month for a year).",
            ),
        ),
    ),
    steps=(
        StepSpec(
            Text("Votre coopérative", "تعاونيتكم", "Your cooperative"),
            Text(
                "Quelques questions pour connaître votre activité. Il n'y a pas de mauvaise "
                "réponse : le programme est fait pour les coopératives qui débutent.",
                "بعض الأسئلة للتعرف على نشاطكم. لا توجد إجابة خاطئة: البرنامج موجه للتعاونيات "
                "في بدايتها.",
                "A few questions about your activity. There is no wrong answer: the programme "
                "is made for cooperatives that are starting out.",
            ),
            (
                Q(
                    "activity",
                    K.CHOICE,
                    Text("Activité principale", "النشاط الرئيسي", "Main activity"),
                    choices=(
                        Choice(
                            "farming",
                            Text("Agriculture et élevage", "الفلاحة وتربية الماشية", "Farming"),
                        ),
                        Choice(
                            "food",
                            Text(
                                "Agroalimentaire et produits du terroir",
                                "الصناعة الغذائية والمنتجات المحلية",
                                "Food processing and local products",
                            ),
                        ),
                        Choice(
                            "crafts",
                            Text("Artisanat", "الصناعة التقليدية", "Crafts"),
                        ),
                        Choice(
                            "services",
                            Text(
                                "Services et tourisme", "الخدمات والسياحة", "Services and tourism"
                            ),
                        ),
                        Choice("other", Text("Autre", "أخرى", "Other")),
                    ),
                ),
                Q(
                    "products",
                    K.SHORT_TEXT,
                    Text("Vos produits ou services", "منتجاتكم أو خدماتكم", "Your products"),
                    Text(
                        "Par exemple : couscous d'orge, miel d'euphorbe, tapis tissés à la main.",
                        "مثلا: كسكس الشعير، عسل الدغموس، زرابي منسوجة يدويا.",
                        "For example: barley couscous, euphorbia honey, hand-woven carpets.",
                    ),
                ),
                Q(
                    "first_sale",
                    K.DATE,
                    Text("Date de la première vente", "تاريخ أول عملية بيع", "Date of first sale"),
                    Text(
                        "Laissez vide si la coopérative n'a pas encore vendu.",
                        "اتركوا الخانة فارغة إذا لم تبع التعاونية بعد.",
                        "Leave empty if the cooperative has not sold anything yet.",
                    ),
                    required=False,
                ),
                Q(
                    "turnover",
                    K.NUMBER,
                    Text(
                        "Chiffre d'affaires depuis la création (MAD)",
                        "رقم المعاملات منذ التأسيس (بالدرهم)",
                        "Turnover since founding (MAD)",
                    ),
                    min_value=0,
                    max_value=2_000_000,
                ),
            ),
        ),
        StepSpec(
            Text("Vos besoins", "احتياجاتكم", "Your needs"),
            Text(
                "Le parcours est adapté à chaque cohorte régionale selon ces réponses.",
                "يتم تكييف المسار مع كل فوج جهوي حسب هذه الأجوبة.",
                "The programme is adapted to each regional group from these answers.",
            ),
            (
                Q(
                    "needs",
                    K.MULTIPLE_CHOICE,
                    Text(
                        "Domaines où vous souhaitez être accompagnés",
                        "المجالات التي ترغبون في المواكبة فيها",
                        "Areas where you want support",
                    ),
                    choices=(
                        Choice(
                            "governance",
                            Text(
                                "Management et gouvernance",
                                "التدبير والحكامة",
                                "Management and governance",
                            ),
                        ),
                        Choice(
                            "production",
                            Text("Techniques de production", "تقنيات الإنتاج", "Production"),
                        ),
                        Choice(
                            "marketing",
                            Text(
                                "Commercialisation des nouveaux produits",
                                "تسويق المنتجات الجديدة",
                                "Marketing new products",
                            ),
                        ),
                        Choice(
                            "strategy",
                            Text(
                                "Planification stratégique",
                                "التخطيط الاستراتيجي",
                                "Strategic planning",
                            ),
                        ),
                        Choice(
                            "accounting",
                            Text(
                                "Comptabilité et fiscalité",
                                "المحاسبة والجبايات",
                                "Accounting and tax",
                            ),
                        ),
                        Choice(
                            "digital",
                            Text(
                                "Numérique et e-commerce",
                                "الرقمنة والتجارة الإلكترونية",
                                "Digital and e-commerce",
                            ),
                        ),
                    ),
                ),
                Q(
                    "difficulties",
                    K.LONG_TEXT,
                    Text(
                        "Les principales difficultés de la coopérative aujourd'hui",
                        "أهم الصعوبات التي تواجهها التعاونية حاليا",
                        "The cooperative's main difficulties today",
                    ),
                    Text("200 mots au plus.", "200 كلمة على الأكثر.", "200 words at most."),
                    word_limit=200,
                ),
                Q(
                    "language",
                    K.CHOICE,
                    Text(
                        "Langue de formation préférée",
                        "لغة التكوين المفضلة",
                        "Preferred training language",
                    ),
                    choices=(
                        Choice("darija", Text("Arabe (darija)", "العربية (الدارجة)", "Darija")),
                        Choice("amazigh", Text("Amazighe", "الأمازيغية", "Amazigh")),
                        Choice("french", Text("Français", "الفرنسية", "French")),
                    ),
                ),
                Q(
                    "smartphone",
                    K.YES_NO,
                    Text(
                        "Les membres qui suivront le parcours ont-ils un smartphone avec "
                        "internet ?",
                        "هل يتوفر الأعضاء الذين سيتابعون المسار على هاتف ذكي متصل بالإنترنت؟",
                        "Do the members who will follow the programme have a smartphone with "
                        "internet access?",
                    ),
                    Text(
                        "Une partie du coaching se fait à distance (WhatsApp, visioconférence).",
                        "جزء من التوجيه يتم عن بعد (واتساب، الاتصال المرئي).",
                        "Part of the coaching happens remotely (WhatsApp, video calls).",
                    ),
                ),
            ),
        ),
        StepSpec(
            DOCUMENTS_STEP_TITLE,
            DOCUMENTS_STEP_INTRO,
            (
                STATUTES,
                ODCO_CERTIFICATE,
                Q(
                    "general_assembly",
                    K.FILE,
                    Text(
                        "Procès-verbal de l'assemblée générale constitutive",
                        "محضر الجمع العام التأسيسي",
                        "Minutes of the founding general meeting",
                    ),
                    Text(
                        "Facultatif. PDF ou photos.",
                        "اختياري. ملف PDF أو صور.",
                        "Optional. PDF or photos.",
                    ),
                    required=False,
                    file_types=(FileType.PDF, FileType.JPEG, FileType.PNG),
                    max_files=3,
                ),
            ),
        ),
    ),
    rounds=(RoundKind.SCREENING, RoundKind.FINAL),
    prizes=(
        Prize(
            Text(
                "Parcours d'accompagnement Mourafaka (12 mois)",
                "مسار المواكبة مرافقة (12 شهرا)",
                "Mourafaka support programme (12 months)",
            ),
            1,
            0,
            count=150,
        ),
        Prize(
            Text("Kit de démarrage", "عدة الانطلاق", "Start-up kit"),
            2,
            15_000,
            count=30,
        ),
    ),
    status=CallStatus.UPCOMING,
)

CALLS = (LALLA_2025, LALLA_2026, SIL_2026, MOURAFAKA_2027)


# ---------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------


def seed_calls(accounts: DemoAccounts, *, now: datetime.datetime | None = None) -> DemoCalls:
    """Create the four demo calls, or put back whatever someone changed in them."""
    now = now or timezone.now()
    demo = DemoCalls(calls={}, questions={}, rules={})
    # The untranslated columns (title, label, …) hold the default language, French.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for spec in CALLS:
            call, created, changed = _call_put(spec, accounts, now)
            changed |= _organizers_put(call, spec, accounts)
            rules, rules_changed = _rules_put(call, spec)
            questions, form_changed = _form_put(call, spec)
            changed |= rules_changed | form_changed
            changed |= _rounds_put(call, spec)
            changed |= _prizes_put(call, spec)
            demo.calls[spec.slug] = call
            demo.questions[spec.slug] = questions
            demo.rules[spec.slug] = rules
            demo.specs[spec.slug] = spec
            demo.created += created
            demo.updated += changed and not created
    return demo


def _call_put(spec: CallSpec, accounts: DemoAccounts, now) -> tuple[Call, bool, bool]:
    call = Call.objects.filter(slug=spec.slug).first()
    dates = spec.dates(now, call)
    values = {
        "kind": spec.kind,
        **spec.title.fields("title"),
        **spec.summary.fields("summary"),
        **spec.rules.fields("rules"),
        "reference_prefix": spec.reference_prefix,
        "reference_year": spec.reference_year,
        "opens_at": dates.opens_at,
        "closes_at": dates.closes_at,
        "results_at": dates.results_at,
        "results_published_at": dates.results_published_at,
        "is_published": True,
        "blind_review": spec.blind_review,
        "max_applications_per_organization": spec.max_applications_per_organization,
        "attachment_max_mb": spec.attachment_max_mb,
    }
    if call is None:
        call = Call(slug=spec.slug, **values)
        call.full_clean(exclude=["organizers"])
        call.save()
        return call, True, False
    return call, False, _put(call, values)


def _organizers_put(call: Call, spec: CallSpec, accounts: DemoAccounts) -> bool:
    wanted = {accounts.users[email].pk for email in spec.organizers}
    current = set(call.organizers.values_list("pk", flat=True))
    if wanted == current:
        return False
    call.organizers.set(wanted)
    return True


def _rules_put(call: Call, spec: CallSpec) -> tuple[list[EligibilityRule], bool]:
    wanted = [{"position": n, **rule.values()} for n, rule in enumerate(spec.eligibility, 1)]
    return _children_put(
        list(call.eligibility_rules.order_by("position", "pk")),
        wanted,
        lambda values: EligibilityRule(call=call, **values),
    )


def _form_put(call: Call, spec: CallSpec) -> tuple[dict[str, Question], bool]:
    """Steps and questions, each in place at its position."""
    steps, changed = _children_put(
        list(call.steps.order_by("position", "pk").prefetch_related("questions")),
        [
            {"position": n, **step.title.fields("title"), **step.intro.fields("intro")}
            for n, step in enumerate(spec.steps, 1)
        ],
        lambda values: Step(call=call, **values),
    )
    questions = {}
    for step, step_spec in zip(steps, spec.steps, strict=True):
        existing = sorted(step.questions.all(), key=lambda q: (q.position, q.pk))
        saved, questions_changed = _children_put(
            existing,
            [{"position": n, **q.values()} for n, q in enumerate(step_spec.questions, 1)],
            lambda values, step=step: Question(step=step, **values),
        )
        changed |= questions_changed
        questions.update(zip((q.key for q in step_spec.questions), saved, strict=True))
    return questions, changed


def _rounds_put(call: Call, spec: CallSpec) -> bool:
    existing = {round_.kind: round_ for round_ in call.rounds.all()}
    changed = False
    for position, kind in enumerate(spec.rounds, 1):
        round_ = existing.pop(kind, None)
        if round_ is None:
            Round.objects.create(call=call, kind=kind, position=position)
            changed = True
        else:
            changed |= _put(round_, {"position": position})
    for round_ in existing.values():
        changed |= _delete_unless_used(round_)
    return changed


def _prizes_put(call: Call, spec: CallSpec) -> bool:
    _prizes, changed = _children_put(
        list(call.prize_categories.order_by("rank", "pk")),
        [
            {
                **prize.label.fields("label"),
                "rank": prize.rank,
                "amount_mad": prize.amount_mad,
                "count": prize.count,
            }
            for prize in spec.prizes
        ],
        lambda values: PrizeCategory(call=call, **values),
    )
    return changed


def _children_put(existing: list, wanted: list[dict], new) -> tuple[list, bool]:
    """Pair the stored rows with the wanted ones by position: update, add, or drop extras.

    A row something else refers to (an answer to a question, a jury of a round) is
    never deleted: updating in place keeps answers attached to their question.
    """
    rows, changed = [], False
    for index, values in enumerate(wanted):
        if index < len(existing):
            row = existing[index]
            changed |= _put(row, values)
        else:
            row = new(values)
            row.save()
            changed = True
        rows.append(row)
    for extra in existing[len(wanted) :]:
        changed |= _delete_unless_used(extra)
    return rows, changed


def _put(row: Model, values: dict) -> bool:
    """Set the fields that differ and save only those; True when something changed."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(row, name, values[name])
    # Keep the untranslated column (title, label, …) in step with its French translation.
    try:
        translated = translator.get_options_for_model(type(row)).fields
    except NotRegistered:
        translated = {}
    untranslated = [name for name in translated if f"{name}_fr" in changed]
    row.save(update_fields=[*changed, *untranslated])
    return True


def _delete_unless_used(row: Model) -> bool:
    try:
        with transaction.atomic():
            row.delete()
    except (ProtectedError, RestrictedError):
        return False
    return True
