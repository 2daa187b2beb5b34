"""The juries of the two editions of the women's cooperatives prize, made the way
organizers and jurors make them.

Each edition's round (the one whose pool holds the edition's applications: screening)
gets a scoring grid of six weighted criteria in French, Arabic and English, and a jury
of `jury1` … `jury8` (`jury1` chairs) who joined through an invitation they accepted.
Everything goes through the juries services, at moments inside the jury's period
(`now=` where the service takes it):

- `lalla-al-moutaaouina-2025`: assigned automatically (k = 3), every evaluation
  submitted before the jury's deadline in June 2025;
- `lalla-al-moutaaouina-2026` (blind review): assigned automatically (k = 3); one juror
  declares a conflict of interest with an application before scoring it and the
  organizer runs the automatic assignment again, which gives it to another juror; about
  half of the evaluations are submitted, some are drafts with a few scores, the rest not
  started. The deadline stays a few weeks ahead whenever the demo is loaded.

Scores differ from juror to juror (some severe, some lenient, some using the whole
scale), so that normalizing them later has something to show. Comments are in French or
Arabic, in the juror's language.

The services that take no `now=` (the jury's creation, invitations, automatic
assignment) stamp the moment they run; those timestamps are moved back to the jury's
period afterwards. Invitations are written as `invitation_send` writes them but without
their e-mail (it has no way to skip it), then accepted through `invitation_accept`:
loading the demo sends no e-mail.

A second run changes nothing: the grid is left once it has criteria, a juror already a
member is left, and a jury that already has assignments keeps them and their
evaluations, whatever happened to them since.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from calls.models import Call, Round
from juries.enums import EvaluationStatus, MemberRole
from juries.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Jury,
    JuryInvitation,
    JuryMember,
)
from juries.services.assignment import assignment_apply, pool_statuses
from juries.services.evaluation import (
    ScoreInput,
    conflict_declare,
    evaluation_save,
    evaluation_start,
    evaluation_submit,
)
from juries.services.panel import criterion_save, invitation_accept, jury_save
from portal.demo.accounts import JURORS, DemoAccounts, applicant_email
from portal.demo.calls import CASABLANCA, DemoCalls, Text, at
from submissions.enums import EventKind
from submissions.models import ApplicationEvent

LALLA_2025, LALLA_2026 = "lalla-al-moutaaouina-2025", "lalla-al-moutaaouina-2026"
DAYS, HOURS, MINUTES = (
    datetime.timedelta(days=1),
    datetime.timedelta(hours=1),
    datetime.timedelta(minutes=1),
)
JURORS_PER_APPLICATION = 3


# ---------------------------------------------------------------------------
# The scoring grids: what the jury of a women's cooperatives prize looks at.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    label: Text
    guidance: Text
    weight: int

    def values(self) -> dict:
        return {
            **self.label.fields("label"),
            **self.guidance.fields("guidance"),
            "weight": self.weight,
            "min_score": 0,
            "max_score": 5,
        }


SOCIAL = (
    Text(
        "Impact social pour les membres",
        "الأثر الاجتماعي على العضوات",
        "Social impact on the members",
    ),
    Text(
        "1 — Le projet profite à quelques membres, sans effet mesurable sur leurs revenus ou "
        "leurs conditions de travail.\n"
        "3 — La plupart des membres en bénéficient, avec un gain de revenu plausible mais peu "
        "chiffré.\n"
        "5 — Toutes les membres en bénéficient ; le gain de revenu ou d'emploi est chiffré et "
        "crédible, et l'effet s'étend aux familles ou au douar.",
        "1 — يستفيد من المشروع عدد قليل من العضوات دون أثر ملموس على دخلهن أو ظروف عملهن.\n"
        "3 — تستفيد أغلب العضوات، مع زيادة معقولة في الدخل لكنها غير مرقمة بما يكفي.\n"
        "5 — تستفيد كل العضوات، والزيادة في الدخل أو في فرص الشغل مرقمة وذات مصداقية، ويمتد "
        "الأثر إلى الأسر أو الدوار.",
        "1 — A few members benefit, with no measurable effect on their income or working "
        "conditions.\n"
        "3 — Most members benefit, with a plausible but loosely quantified gain in income.\n"
        "5 — Every member benefits; the gain in income or jobs is quantified and credible, "
        "and the effect reaches families or the village.",
    ),
)
EMPOWERMENT = (
    Text(
        "Autonomisation des femmes et gouvernance",
        "تمكين النساء والحكامة",
        "Women's empowerment and governance",
    ),
    Text(
        "1 — Les décisions sont prises par une ou deux personnes, ou hors de la coopérative ; "
        "l'assemblée générale ne se réunit pas.\n"
        "3 — Les organes statutaires fonctionnent (assemblée générale, conseil "
        "d'administration) et quelques formations sont prévues.\n"
        "5 — Les femmes pilotent le projet, les décisions sont collectives et consignées, les "
        "membres sont formées à la gestion et des jeunes prennent des responsabilités.",
        "1 — تتخذ القرارات من طرف شخص أو شخصين، أو من خارج التعاونية، ولا تنعقد الجمعية "
        "العامة.\n"
        "3 — تشتغل الأجهزة القانونية (الجمعية العامة ومجلس الإدارة) مع برمجة بعض التكوينات.\n"
        "5 — النساء يقدن المشروع، والقرارات جماعية ومدونة، والعضوات مكونات في التسيير، "
        "والشابات يتحملن مسؤوليات.",
        "1 — Decisions are taken by one or two people, or outside the cooperative; the "
        "general assembly does not meet.\n"
        "3 — The statutory bodies work (general assembly, board) and some training is "
        "planned.\n"
        "5 — The women run the project, decisions are collective and recorded, members are "
        "trained in management and young members take on responsibilities.",
    ),
)
ECONOMY = (
    Text("Viabilité économique", "الاستدامة الاقتصادية", "Economic viability"),
    Text(
        "1 — Aucun marché identifié, budget incomplet ou irréaliste : l'activité dépend "
        "entièrement du prix.\n"
        "3 — Marché identifié et budget cohérent, mais les marges ou les coûts de "
        "fonctionnement restent incertains.\n"
        "5 — Clients ou contrats déjà identifiés, budget détaillé avec cofinancement, "
        "l'activité couvre ses coûts de fonctionnement après le prix.",
        "1 — لا توجد سوق محددة، والميزانية ناقصة أو غير واقعية: النشاط يعتمد كليا على "
        "الجائزة.\n"
        "3 — السوق محددة والميزانية منسجمة، لكن الهوامش أو تكاليف التسيير غير مؤكدة.\n"
        "5 — زبناء أو عقود محددة مسبقا، وميزانية مفصلة مع تمويل مشترك، والنشاط يغطي تكاليف "
        "تسييره بعد الجائزة.",
        "1 — No market identified, an incomplete or unrealistic budget: the activity depends "
        "entirely on the prize.\n"
        "3 — A market identified and a consistent budget, but margins or running costs "
        "remain uncertain.\n"
        "5 — Customers or contracts already identified, a detailed budget with co-funding, "
        "the activity covers its running costs after the prize.",
    ),
)
INNOVATION = (
    Text("Innovation et valeur ajoutée", "الابتكار والقيمة المضافة", "Innovation and added value"),
    Text(
        "1 — Le projet reprend une pratique existante sans l'améliorer.\n"
        "3 — Il ajoute de la valeur nouvelle pour la coopérative (transformation, emballage, "
        "label).\n"
        "5 — Produit, procédé ou canal de vente nouveau dans la région, que d'autres "
        "coopératives pourraient reprendre.",
        "1 — يعيد المشروع ممارسة قائمة دون تحسينها.\n"
        "3 — يضيف قيمة جديدة للتعاونية (تحويل، تلفيف، علامة).\n"
        "5 — منتوج أو طريقة أو قناة بيع جديدة في الجهة، يمكن لتعاونيات أخرى أن تعتمدها.",
        "1 — The project repeats an existing practice without improving it.\n"
        "3 — It adds value that is new for the cooperative (processing, packaging, a label).\n"
        "5 — A product, process or sales channel new to the region, which other cooperatives "
        "could take up.",
    ),
)
ENVIRONMENT_GUIDANCE = Text(
    "1 — L'eau, l'énergie et les déchets ne sont pas abordés, ou le projet accroît la "
    "pression sur la ressource.\n"
    "3 — Quelques mesures concrètes (goutte-à-goutte, séchage solaire), sans suivi prévu.\n"
    "5 — Le projet économise l'eau et l'énergie de façon mesurable, valorise ses déchets "
    "et protège la ressource dont il vit.",
    "1 — لا يتطرق المشروع للماء والطاقة والنفايات، أو يزيد الضغط على الموارد.\n"
    "3 — بعض التدابير الملموسة (السقي بالتنقيط، التجفيف بالطاقة الشمسية) دون تتبع مبرمج.\n"
    "5 — يقتصد المشروع في الماء والطاقة بشكل قابل للقياس، ويثمن نفاياته ويحمي المورد الذي "
    "يعيش منه.",
    "1 — Water, energy and waste are not addressed, or the project adds pressure on the "
    "resource.\n"
    "3 — Some concrete measures (drip irrigation, solar drying), with no follow-up "
    "planned.\n"
    "5 — The project saves water and energy measurably, puts its waste to use and protects "
    "the resource it lives from.",
)
ENVIRONMENT = (
    Text("Durabilité environnementale", "الاستدامة البيئية", "Environmental sustainability"),
    ENVIRONMENT_GUIDANCE,
)
CLIMATE = (
    Text(
        "Résilience climatique et gestion des ressources",
        "الصمود المناخي وتدبير الموارد",
        "Climate resilience and resource management",
    ),
    ENVIRONMENT_GUIDANCE,
)
FILE_QUALITY = (
    Text("Qualité et clarté du dossier", "جودة الملف ووضوحه", "Quality and clarity of the file"),
    Text(
        "1 — Réponses vagues ou incomplètes, documents manquants ou illisibles.\n"
        "3 — Dossier clair, avec quelques points imprécis.\n"
        "5 — Dossier précis et cohérent : les chiffres des réponses, du budget et des "
        "documents concordent.",
        "1 — أجوبة غامضة أو ناقصة، ووثائق مفقودة أو غير مقروءة.\n"
        "3 — ملف واضح مع بعض النقط غير الدقيقة.\n"
        "5 — ملف دقيق ومنسجم: أرقام الأجوبة والميزانية والوثائق متطابقة.",
        "1 — Vague or incomplete answers, documents missing or illegible.\n"
        "3 — A clear file, with a few imprecise points.\n"
        "5 — A precise, consistent file: the figures of the answers, the budget and the "
        "documents agree.",
    ),
)


def _grid(*weighted) -> tuple[CriterionSpec, ...]:
    return tuple(
        CriterionSpec(key, label, guidance, weight) for key, (label, guidance), weight in weighted
    )


# 2025 ("innovating to add value to local products") weighs innovation more; 2026
# ("climate resilience") weighs the environment more.
GRID_2025 = _grid(
    ("social", SOCIAL, 25),
    ("empowerment", EMPOWERMENT, 20),
    ("economy", ECONOMY, 20),
    ("innovation", INNOVATION, 15),
    ("environment", ENVIRONMENT, 10),
    ("file", FILE_QUALITY, 10),
)
GRID_2026 = _grid(
    ("social", SOCIAL, 25),
    ("empowerment", EMPOWERMENT, 20),
    ("economy", ECONOMY, 15),
    ("innovation", INNOVATION, 10),
    ("environment", CLIMATE, 20),
    ("file", FILE_QUALITY, 10),
)


# ---------------------------------------------------------------------------
# The jurors: their place in the jury and how they score.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a juror scores: `severity` shifts every score, `spread` stretches (> 1) or
    squeezes (< 1) the scale around its middle, `step` is 1 or 0.5. `share_submitted`
    and `drafts` say how far they are in the 2026 round."""

    cap: int
    severity: float
    spread: float
    step: Decimal
    writes: str  # "fr" or "ar"
    share_submitted: float
    drafts: int


ONE, HALF = Decimal(1), Decimal("0.5")
STYLES = {
    "jury1@demo.ma": Style(12, 0.0, 1.0, ONE, "fr", 0.8, 1),
    "jury2@demo.ma": Style(15, 0.5, 0.7, HALF, "fr", 0.7, 1),
    "jury3@demo.ma": Style(15, -0.7, 1.0, ONE, "ar", 0.55, 2),
    "jury4@demo.ma": Style(12, -0.2, 1.2, ONE, "ar", 0.5, 1),
    "jury5@demo.ma": Style(15, 0.3, 1.3, ONE, "fr", 0.45, 2),
    "jury6@demo.ma": Style(12, -0.4, 0.8, HALF, "fr", 0.45, 1),
    "jury7@demo.ma": Style(12, 0.8, 0.9, ONE, "fr", 0.2, 1),
    "jury8@demo.ma": Style(15, -0.8, 1.1, ONE, "ar", 0.3, 2),
}
CHAIR = JURORS[0].email

OVERALL = {
    "fr": {
        "strong": (
            "Projet solide et bien préparé : les membres en sont clairement les porteuses et "
            "les chiffres sont crédibles. À soutenir.",
            "Très bon dossier. L'effet sur les revenus des coopératrices est concret et la "
            "gestion de l'eau bien pensée.",
            "Coopérative bien structurée, marché identifié, budget cohérent. Un des meilleurs "
            "dossiers de ma liste.",
        ),
        "middle": (
            "Projet intéressant, mais le plan de commercialisation reste vague ; à préciser "
            "avant un financement.",
            "Bonne idée portée par une équipe motivée. Le budget mériterait d'être détaillé et "
            "les coûts de fonctionnement après le prix ne sont pas couverts.",
            "Dossier correct. L'impact social est réel, mais l'innovation reste limitée par "
            "rapport à ce que font déjà d'autres coopératives.",
        ),
        "weak": (
            "Le projet dépend entièrement du prix et aucun client n'est identifié. La "
            "gouvernance de la coopérative est peu décrite.",
            "Dossier incomplet : objectifs imprécis, budget peu réaliste. À encourager à se "
            "faire accompagner avant de candidater à nouveau.",
            "Peu d'éléments sur ce que les membres y gagnent ; l'équipement demandé paraît "
            "surdimensionné pour l'activité.",
        ),
    },
    "ar": {
        "strong": (
            "مشروع متين ومعد بعناية: العضوات هن من يحملن المشروع فعلا والأرقام ذات مصداقية. "
            "أوصي بدعمه.",
            "ملف جيد جدا. الأثر على دخل العضوات ملموس، وتدبير الماء مدروس بشكل جيد.",
            "تعاونية منظمة، والسوق محددة، والميزانية منسجمة. من أفضل الملفات في لائحتي.",
        ),
        "middle": (
            "مشروع مهم لكن خطة التسويق ما تزال غامضة، ويجب توضيحها قبل أي تمويل.",
            "فكرة جيدة وفريق متحمس. تحتاج الميزانية إلى تفصيل أكثر، وتكاليف التسيير بعد "
            "الجائزة غير مغطاة.",
            "ملف مقبول. الأثر الاجتماعي حقيقي، لكن الابتكار محدود مقارنة بما تقوم به تعاونيات "
            "أخرى.",
        ),
        "weak": (
            "المشروع يعتمد كليا على الجائزة ولم يتم تحديد أي زبون. حكامة التعاونية غير موضحة.",
            "ملف ناقص: الأهداف غير دقيقة والميزانية غير واقعية. أنصح بمواكبة التعاونية قبل أن "
            "تترشح من جديد.",
            "معطيات قليلة عن استفادة العضوات، والتجهيزات المطلوبة تبدو أكبر من حجم النشاط.",
        ),
    },
}
# A word on the criterion a juror scored lowest (low) or highest (high).
REMARKS = {
    "fr": {
        "social": ("Nombre de bénéficiaires et gain de revenu peu chiffrés.",
                   "Effet direct et chiffré sur le revenu des membres."),
        "empowerment": ("On ne voit pas comment les décisions sont prises dans la coopérative.",
                        "Les femmes portent clairement le projet et les décisions."),
        "economy": ("Débouchés à préciser : aucun client identifié.",
                    "Marché identifié et budget réaliste."),
        "innovation": ("Activité classique, peu de valeur ajoutée nouvelle.",
                       "Produit nouveau pour la région, facile à reproduire."),
        "environment": ("La consommation d'eau et d'énergie n'est pas abordée.",
                        "Bonne gestion de l'eau, énergie solaire bien intégrée."),
        "file": ("Budget et documents pas toujours cohérents avec les réponses.",
                 "Dossier clair et complet."),
    },
    "ar": {
        "social": ("عدد المستفيدات والزيادة في الدخل غير مرقمين.",
                   "أثر مباشر ومرقم على دخل العضوات."),
        "empowerment": ("لا يتضح كيف تتخذ القرارات داخل التعاونية.",
                        "النساء يقدن المشروع والقرارات بوضوح."),
        "economy": ("المنافذ التجارية غير واضحة ولا يوجد زبناء محددون.",
                    "سوق محددة وميزانية واقعية."),
        "innovation": ("نشاط تقليدي بقيمة مضافة جديدة محدودة.",
                       "منتوج جديد في الجهة ويمكن تعميمه."),
        "environment": ("لم يتم التطرق لاستهلاك الماء والطاقة.",
                        "تدبير جيد للماء وإدماج موفق للطاقة الشمسية."),
        "file": ("الميزانية والوثائق لا تنسجم دائما مع الأجوبة.",
                 "ملف واضح وكامل."),
    },
}  # fmt: skip


# ---------------------------------------------------------------------------
# The two editions.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A juror's declared conflict: the first of `coops` assigned to `juror` (else the
    juror's first assignment), with the reason they give."""

    juror: str
    coops: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class Edition:
    slug: str
    grid: tuple[CriterionSpec, ...]
    fully_scored: bool
    conflict: Conflict | None = None


EDITIONS = (
    Edition(LALLA_2025, GRID_2025, fully_scored=True),
    Edition(
        LALLA_2026,
        GRID_2026,
        fully_scored=False,
        # The oasis agronomist recognizes, under blind review, a palm grove he advised.
        conflict=Conflict(
            juror="jury4@demo.ma",
            coops=(8, 21, 38),
            reason="سبق لي أن قدمت استشارة تقنية لهذه التعاونية حول سقي النخيل سنة 2025، "
            "وتعرفت على المشروع من خلال وصفه.",
        ),
    ),
)


@dataclass(frozen=True)
class Timeline:
    """When the jury of an edition did what (the services that take no `now=` have their
    timestamps moved here)."""

    invited: datetime.datetime
    assigned: datetime.datetime
    conflict: datetime.datetime  # and the assignment run again an hour later
    scoring: tuple[datetime.datetime, datetime.datetime]  # evaluations between these
    deadline: datetime.datetime


def _timeline_2025(now: datetime.datetime, call: Call, jury: Jury | None) -> Timeline:
    # Jurors invited the day after the call closed (31 May), scoring until 25 June,
    # results on 5 July.
    day = datetime.date
    return Timeline(
        invited=at(day(2025, 6, 2), 10),
        assigned=at(day(2025, 6, 9), 9),
        conflict=at(day(2025, 6, 9), 9),
        scoring=(at(day(2025, 6, 10), 9), at(day(2025, 6, 24), 18)),
        deadline=at(day(2025, 6, 25), 23, 59),
    )


def _timeline_2026(now: datetime.datetime, call: Call, jury: Jury | None) -> Timeline:
    """Jurors invited two weeks before the call closed; applications assigned the
    morning after screening (a week after the closing day); scoring since, until now.

    The deadline: mid-January 2027 (results on 8 March), or, when the demo is loaded
    later, a few weeks ahead; a stored deadline is kept while it is at least a week
    ahead, so loading the demo day after day does not move it."""
    closes = call.closes_at
    close_day = timezone.localtime(closes, CASABLANCA).date()
    # Screening ends a week after the closing day; the organizer assigns the next morning.
    assigned = at(close_day + 8 * DAYS, 9)
    conflict = assigned + 26 * HOURS
    if conflict + 2 * DAYS > now:  # the demo loaded just after the call closed
        span = max(now - closes, 2 * HOURS)
        assigned = closes + span * 0.3
        conflict = assigned + span * 0.1
    # Deliberation needs the last two weeks before the results.
    results = call.results_at or now + 90 * DAYS
    latest = results - 14 * DAYS
    fixed = at(datetime.date(2027, 1, 15), 23, 59)
    today = timezone.localtime(now, CASABLANCA).date()
    if jury is not None and jury.deadline and now + 7 * DAYS <= jury.deadline < results:
        deadline = jury.deadline
    elif now + 14 * DAYS <= fixed <= latest:
        deadline = fixed
    else:
        deadline = at(today + 28 * DAYS, 23, 59)
        if deadline > latest:
            latest_day = timezone.localtime(latest, CASABLANCA).date()
            deadline = at(max(latest_day, today + 7 * DAYS), 23, 59)
    return Timeline(
        invited=at(close_day - 14 * DAYS, 10),
        assigned=assigned.replace(second=0, microsecond=0),
        conflict=conflict.replace(second=0, microsecond=0),
        scoring=(conflict + 3 * HOURS, now - HOURS),
        deadline=deadline,
    )


TIMELINES = {LALLA_2025: _timeline_2025, LALLA_2026: _timeline_2026}


@dataclass
class DemoJuries:
    """The demo juries, by call slug, what this run made, and what went wrong."""

    juries: dict[str, Jury] = field(default_factory=dict)
    created: int = 0
    problems: list[str] = field(default_factory=list)

    def tally(self) -> dict[str, int]:
        """What the demo juries hold now (for the command's summary)."""
        ids = [jury.pk for jury in self.juries.values()]
        assignments = Assignment.objects.filter(jury_id__in=ids).aggregate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(evaluation__status=EvaluationStatus.SUBMITTED)),
            drafts=Count("pk", filter=Q(evaluation__status=EvaluationStatus.DRAFT)),
        )
        jurors = (
            JuryMember.objects.filter(jury_id__in=ids, is_active=True)
            .values("user_id")
            .distinct()
            .count()
        )
        members = JuryMember.objects.filter(jury_id__in=ids).values("user_id")
        conflicts = ConflictDeclaration.objects.filter(juror_id__in=members).count()
        return {
            "juries": len(ids),
            "jurors": jurors,
            "assignments": assignments["total"],
            "submitted": assignments["submitted"],
            "in progress": assignments["drafts"],
            "to do": assignments["total"] - assignments["submitted"] - assignments["drafts"],
            "conflicts": conflicts,
        }


# ---------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------


def seed_juries(
    accounts: DemoAccounts, calls: DemoCalls, *, now: datetime.datetime | None = None
) -> DemoJuries:
    """Make what is missing of the demo juries; leave what is there."""
    now = now or timezone.now()
    demo = DemoJuries()
    for edition in EDITIONS:
        call = calls.calls[edition.slug]
        organizer = accounts.users[calls.specs[edition.slug].organizers[0]]
        existing = Jury.objects.filter(call=call).order_by("round__position", "pk").first()
        times = TIMELINES[edition.slug](now, call, existing)
        round_ = existing.round if existing else _round_for(call)
        jury = jury_save(
            round=round_,
            actor=organizer,
            deadline=times.deadline,
            jurors_per_application=JURORS_PER_APPLICATION,
            scores_visible_after_submit=True,
        )
        if existing is None:
            Jury.objects.filter(pk=jury.pk).update(created_at=times.invited - HOURS)
            demo.created += 1
        demo.juries[edition.slug] = jury
        _grid_put(round_, edition.grid, organizer)
        _members_put(jury, accounts, organizer, times)
        if not jury.assignments.exists():
            _review(jury, edition, accounts, organizer, times, demo)
    return demo


def _round_for(call: Call) -> Round:
    """The round whose pool holds most of the call's applications (the earliest on a
    tie): screening, for the prize's applications eligible or waiting for screening."""
    statuses = Counter(call.applications.values_list("status", flat=True))
    rounds = list(call.rounds.order_by("position", "pk"))
    return max(
        rounds,
        key=lambda round_: (
            sum(statuses[status] for status in pool_statuses(round_.kind)),
            -round_.position,
        ),
    )


def _grid_put(round_: Round, grid: tuple[CriterionSpec, ...], organizer) -> None:
    """The grid, criterion by criterion, unless the round already has one."""
    if Criterion.objects.filter(round=round_).exists():
        return
    for spec in grid:
        criterion_save(round=round_, actor=organizer, **spec.values())


def _members_put(jury: Jury, accounts: DemoAccounts, organizer, times: Timeline) -> None:
    """Each demo juror who is not a member yet joins through an invitation they accept.

    The invitation is the row `invitation_send` writes, without its e-mail: in the
    demo's story it was sent and answered long ago, and loading the demo sends nothing.
    Acceptance goes through `invitation_accept`, which makes the membership."""
    members = set(JuryMember.objects.filter(jury=jury).values_list("user_id", flat=True))
    has_chair = JuryMember.objects.filter(jury=jury, role=MemberRole.CHAIR).exists()
    for index, juror in enumerate(JURORS):
        user = accounts.users[juror.email]
        if user.pk in members:
            continue
        sent_at = times.invited + index * 7 * MINUTES
        accepted_at = sent_at + (3 + 5 * index) * HOURS
        chair = juror.email == CHAIR and not has_chair
        invitation, _created = JuryInvitation.objects.update_or_create(
            jury=jury,
            email=user.email.lower(),
            defaults={
                "role": MemberRole.CHAIR if chair else MemberRole.MEMBER,
                "max_assignments": STYLES[juror.email].cap,
                "invited_by": organizer,
                "created_at": sent_at,
                "accepted_at": None,
                "declined_at": None,
                "member": None,
            },
        )
        member = invitation_accept(invitation=invitation, user=user)
        JuryInvitation.objects.filter(pk=invitation.pk).update(accepted_at=accepted_at)
        JuryMember.objects.filter(pk=member.pk).update(joined_at=accepted_at)


def _review(jury, edition, accounts, organizer, times, demo) -> None:
    """Assign the jury's pool, declare the edition's conflict and reassign, then score."""
    _assign(jury, organizer, times.assigned, demo)
    if edition.conflict is not None:
        _declare_conflict(jury, edition.conflict, accounts, times.conflict, demo)
        _assign(jury, organizer, times.conflict + HOURS, demo)
    criteria = list(Criterion.objects.filter(round_id=jury.round_id).order_by("position", "pk"))
    keys = dict(zip((c.pk for c in criteria), (spec.key for spec in edition.grid), strict=False))
    assignments = (
        Assignment.objects.filter(jury=jury, member__is_active=True)
        .select_related("member__user", "application")
        .order_by("member__user__email", "pk")
    )
    by_juror: dict[str, list[Assignment]] = {}
    for assignment in assignments:
        by_juror.setdefault(assignment.member.user.email, []).append(assignment)
    start, end = times.scoring
    for email, mine in by_juror.items():
        style = STYLES.get(email)
        if style is None:
            continue
        if edition.fully_scored:
            submitted, drafts = len(mine), 0
        else:
            submitted = round(style.share_submitted * len(mine))
            drafts = min(style.drafts, len(mine) - submitted)
        worked = submitted + drafts
        for index, assignment in enumerate(mine[:worked]):
            # Each juror works through their list in order across the scoring period.
            moment = start + (end - start) * ((index + 0.5) / max(worked, 1))
            _evaluate(
                assignment,
                criteria,
                keys,
                style,
                started=moment.replace(microsecond=0),
                end=end,
                submit=index < submitted,
            )


def _assign(jury: Jury, organizer, moment: datetime.datetime, demo: DemoJuries) -> None:
    """The organizer's automatic assignment, its rows and history dated `moment`."""
    since = timezone.now()
    plan = assignment_apply(jury=jury, actor=organizer)
    Assignment.objects.filter(jury=jury, created_at__gte=since).update(created_at=moment)
    ApplicationEvent.objects.filter(
        kind__in=[EventKind.ASSIGNED, EventKind.UNASSIGNED],
        data__jury=jury.pk,
        created_at__gte=since,
    ).update(created_at=moment)
    for short in plan.short:
        demo.problems.append(f"{jury.call.slug}: {short.reference}: {short.message}")


def _declare_conflict(jury, conflict: Conflict, accounts, moment, demo) -> None:
    """The juror opens one of their applications and declares a conflict before scoring."""
    user = accounts.users[conflict.juror]
    mine = list(
        Assignment.objects.filter(jury=jury, member__user=user, evaluation__isnull=True)
        .select_related("application__applicant")
        .order_by("application__reference_number", "pk")
    )
    if not mine:
        demo.problems.append(f"{jury.call.slug}: {conflict.juror} has no application to decline.")
        return
    by_email = {assignment.application.applicant.email: assignment for assignment in mine}
    chosen = next(
        (by_email[applicant_email(n)] for n in conflict.coops if applicant_email(n) in by_email),
        mine[0],
    )
    conflict_declare(actor=user, application=chosen.application, reason=conflict.reason, now=moment)


def _evaluate(assignment, criteria, keys, style: Style, *, started, end, submit: bool) -> None:
    """The juror's evaluation: started, saved, and submitted; or a draft with a few
    scores."""
    user = assignment.member.user
    rng = random.Random(f"{assignment.application.reference}/{user.email}")
    values = _scores(assignment.application.reference, criteria, style, rng)
    scored = criteria if submit else criteria[: rng.randint(2, 4)]
    remarks = REMARKS[style.writes]
    lowest = min(scored, key=lambda c: values[c.pk])
    highest = max(scored, key=lambda c: values[c.pk])
    scores = {}
    for criterion in scored:
        comment, key = "", keys.get(criterion.pk)
        if submit and key and criterion is lowest and values[criterion.pk] <= 2:
            comment = remarks[key][0]
        elif submit and key and criterion is highest and values[criterion.pk] >= 4:
            comment = remarks[key][1]
        scores[criterion.pk] = ScoreInput(values[criterion.pk], comment)
    overall = ""
    if submit:
        total = sum(values[c.pk] * c.weight for c in criteria) / 100
        band = "strong" if total >= Decimal("3.6") else "middle" if total >= 2 else "weak"
        overall = rng.choice(OVERALL[style.writes][band])

    saved_at = min(started + rng.randint(25, 70) * MINUTES, end)
    evaluation = evaluation_start(assignment=assignment, actor=user, now=started)
    evaluation = evaluation_save(
        evaluation=evaluation,
        actor=user,
        version=evaluation.version,
        scores=scores,
        overall_comment=overall,
        now=saved_at,
    )
    if submit:
        evaluation_submit(
            evaluation=evaluation,
            actor=user,
            version=evaluation.version,
            now=min(saved_at + rng.randint(2, 20) * MINUTES, end),
        )


def _scores(reference: str, criteria, style: Style, rng: random.Random) -> dict[int, Decimal]:
    """What this juror gives each criterion: the application's merit on it (the same for
    every juror), bent by the juror's severity and spread, with some noise."""
    merit = random.Random(reference)
    base = merit.uniform(1.4, 4.4)
    values = {}
    for criterion in criteria:
        value = base + merit.uniform(-0.9, 0.9)
        value = 2.5 + style.spread * (value - 2.5) + style.severity + rng.gauss(0, 0.45)
        value = Decimal(str(value)) / style.step
        value = value.quantize(ONE) * style.step
        low, high = Decimal(criterion.min_score), Decimal(criterion.max_score)
        values[criterion.pk] = min(max(value, low), high)
    return values
