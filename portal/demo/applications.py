"""Demo applications to the demo calls, made the way an applicant makes them.

Each one is started, filled, given its documents and submitted through the
submissions services, at a moment inside its call's open period (`now=`), then
screened by the call's organizer through `application_transition`. What the
applicant typed goes through the wizard's own forms, so the demo's answers pass the
same checks (word limits, bounds, required documents) as anyone's, and the working
copy (`form_data`) is the one the wizard resumes from.

- `lalla-al-moutaaouina-2025`: 20 applications, all screened (the awards issue adds
  the winners).
- `lalla-al-moutaaouina-2026`: 28 applications (blind review: the answers never name
  the cooperative), most screened, a few waiting for screening.
- `recherche-action-sil-2026` (open): 6 submitted applications and 4 drafts; coop01
  and coop02 each have one of each (the call allows two per organization).

A second run leaves every demo application that is already there (whatever happened
to it since: screening, shortlisting, awards) and only makes the missing ones.
"""

import datetime
import io
import zlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from openpyxl import Workbook
from PIL import Image, ImageDraw

from accounts.enums import LegalForm
from accounts.models import User
from calls.enums import QuestionKind, RuleKind
from calls.models import Call
from calls.selectors import form_steps
from portal.demo.accounts import DemoAccounts, applicant_email
from portal.demo.calls import CASABLANCA, DemoCalls
from submissions import selectors, services
from submissions.enums import RECEIVED, ApplicationStatus
from submissions.forms import (
    EligibilityStepForm,
    ProfileStepForm,
    StepAnswersForm,
    part_name,
    profile_step_data,
)
from submissions.models import Application

S = ApplicationStatus
LALLA_2025, LALLA_2026 = "lalla-al-moutaaouina-2025", "lalla-al-moutaaouina-2026"
SIL = "recherche-action-sil-2026"
PROFILE, ELIGIBILITY, REVIEW = "organization", "eligibility", "review"


@dataclass(frozen=True)
class Plan:
    """One demo application: who applies to which call, what they write, where it ends.

    `answers` maps the question keys of `portal.demo.calls` to what the applicant
    types (strings, lists for multiple choice, "yes"/"no"); `status` is draft,
    submitted, eligible or ineligible; a draft stops at `step`.
    """

    call: str
    coop: int
    answers: dict
    status: str = S.SUBMITTED
    reason: str = ""
    step: str = ""
    moment: float = 0.5  # where in the open period it is submitted (0 opens, 1 closes)


@dataclass
class DemoApplications:
    """The demo applications as they stand, how many this run made, and any it could not
    make (an applicant who already used the call's allowance, say)."""

    applications: list[Application] = field(default_factory=list)
    created: int = 0
    skipped: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Prix Lalla Al Moutaaouina: each cooperative's project, as they wrote it.
# ---------------------------------------------------------------------------


def _lalla(
    call,
    coop,
    title,
    summary,
    theme,
    stage,
    uses,
    turnover,
    budget,
    onssa,
    status=S.ELIGIBLE,
    reason="",
    moment=0.5,
):
    return Plan(
        call=call,
        coop=coop,
        answers={
            "title": title,
            "summary": summary,
            "stage": stage,
            "uses": list(uses),
            "turnover": str(turnover),
            "budget": str(budget),
            "theme": theme,
            "onssa": "yes" if onssa else "no",
        },
        status=status,
        reason=reason,
        moment=moment,
    )


NOT_A_COOPERATIVE = "Association : le prix est réservé aux coopératives inscrites à l'ODCO."
WOMEN_75 = "Les femmes représentent 75 % des membres ; le prix exige au moins 80 %."

# fmt: off
LALLA_2026_PLANS = (
    _lalla(LALLA_2026, 4,
           "Relancer la figue de Barbarie après la cochenille",
           "Depuis 2019, la cochenille a détruit la plupart des raquettes de cactus autour de "
           "nos douars et notre récolte de fruits a baissé de moitié. Le projet replante six "
           "hectares avec les variétés résistantes sélectionnées par l'INRA, installe une "
           "petite unité de transformation (confiture, vinaigre, huile de pépins) et forme les "
           "vingt femmes membres à l'entretien des plantations et à l'hygiène alimentaire. Les "
           "produits seront vendus aux épiceries de la région et sur la place de marché du "
           "CoopLab.",
           "Le cactus résistant demande très peu d'eau et retient le sol sur les pentes. Deux "
           "citernes traditionnelles (matfias) restaurées arroseront les jeunes plants les "
           "premières années, et les fruits seront séchés dans un séchoir solaire.",
           "growing", ("equipment", "processing", "training"), 96_000, 210_000, True,
           moment=0.62),
    _lalla(LALLA_2026, 6,
           "وحدة لتجفيف الزعفران بالطاقة الشمسية وتلفيفه",
           "ننتج الزعفران في سفوح جبل سيروا، لكن التجفيف التقليدي في البيوت يضيع جزءا من جودة "
           "المنتوج ويجعل الثمن منخفضا. يهدف المشروع إلى إحداث وحدة صغيرة للتجفيف بالطاقة "
           "الشمسية وقاعة نظيفة للفرز والتلفيف، وتكوين ثلاثين عضوة على معايير الجودة من أجل "
           "الحصول على علامة تسمية المنشأ. سنبيع الزعفران في علب صغيرة للسياح وللمتاجر في "
           "مراكش والدار البيضاء.",
           "قلة الأمطار قلصت المساحات المزروعة. سنعتمد الري بالتنقيط انطلاقا من خزان مائي مشترك، "
           "وستشتغل وحدة التجفيف بالطاقة الشمسية دون أي استهلاك للكهرباء.",
           "growing", ("equipment", "processing", "labelling"), 340_000, 260_000, True,
           moment=0.41),
    _lalla(LALLA_2026, 8,
           "Pâte de dattes et café de noyaux : valoriser les dattes de second choix",
           "Dans la palmeraie de Zagora, près d'un tiers de la récolte est vendu à bas prix comme "
           "datte de second choix. Nos dix-sept coopératrices veulent en faire de la pâte de "
           "dattes et un « café » de noyaux torréfiés, deux produits qui se conservent longtemps "
           "et se vendent bien en ville. Le prix financera une chambre froide, un broyeur et une "
           "torréfactrice, ainsi que la formation des membres aux bonnes pratiques d'hygiène.",
           "La sécheresse et le bayoud fragilisent la palmeraie. En réduisant les pertes après "
           "récolte, nous gagnons plus avec la même eau. Nous replanterons aussi deux cents "
           "rejets de palmiers irrigués au goutte-à-goutte.",
           "started", ("equipment", "processing", "training"), 58_000, 180_000, False,
           moment=0.93),
    _lalla(LALLA_2026, 9,
           "Teintures végétales et atelier collectif de tissage",
           "Nos quarante tisserandes travaillent chacune chez elle, avec des laines teintes "
           "chimiquement achetées au souk. Le projet crée un atelier collectif lumineux avec huit "
           "métiers à tisser, un espace de teinture naturelle (henné, garance, écorce de "
           "grenade) et une formation au design avec une styliste de Marrakech. Nous visons les "
           "boutiques d'artisanat équitable et la vente en ligne, avec une étiquette qui raconte "
           "l'histoire de chaque tapis.",
           "Les teintures végétales remplacent des produits chimiques qui polluaient l'oued. "
           "L'eau de rinçage sera filtrée et réutilisée pour le jardin de plantes tinctoriales, "
           "et l'atelier sera éclairé par des panneaux solaires.",
           "growing", ("equipment", "premises", "training", "marketing"), 150_000, 230_000,
           False, moment=0.77),
    _lalla(LALLA_2026, 10,
           "تقطير ماء الورد بطريقة حديثة تقتصد في الماء",
           "تجني عضوات تعاونيتنا الورد البلدي في قلعة مكونة ويبعنه للوسطاء بثمن زهيد. نريد اقتناء "
           "جهاز تقطير من الفولاذ المقاوم للصدأ يعيد استعمال ماء التبريد، وإنتاج ماء الورد والزيت "
           "الأساسي وتلفيفهما في قنينات تحمل علامة التعاونية. سيمكن المشروع اثنتين وعشرين امرأة "
           "من مضاعفة دخلهن خلال موسم الورد.",
           "يدور ماء التبريد في الجهاز الجديد في دائرة مغلقة، مما يقلص استهلاك الماء بأكثر من "
           "النصف مقارنة بالتقطير التقليدي. كما سنغرس سياجا من الورد حول الحقول للحد من انجراف "
           "التربة.",
           "started", ("equipment", "processing", "labelling"), 72_000, 195_000, True,
           moment=0.55),
    _lalla(LALLA_2026, 12,
           "Régénérer l'arganeraie avec les femmes qui en vivent",
           "Notre coopérative fait vivre cent dix-huit femmes grâce à l'huile d'argan, mais les "
           "arbres vieillissent et les jeunes plants meurent faute d'eau et à cause du pâturage. "
           "Le projet crée une pépinière de 5 000 plants d'arganiers, protège dix hectares par "
           "des clôtures en accord avec les éleveurs et forme une équipe de douze femmes à la "
           "plantation et au suivi. Une part des bénéfices de l'huile financera l'entretien les "
           "années suivantes.",
           "L'arganier est le meilleur rempart contre la désertification dans notre province. La "
           "pépinière sera irriguée au goutte-à-goutte par une pompe solaire, et des demi-lunes "
           "creusées autour des jeunes arbres retiendront l'eau de pluie.",
           "growing", ("equipment", "training"), 1_850_000, 420_000, True, moment=0.35),
    _lalla(LALLA_2026, 13,
           "زربية شيشاوة: ورشة جماعية وبيع مباشر",
           "تنسج إحدى وثلاثون امرأة في تعاونيتنا زربية شيشاوة المعروفة بألوانها، لكن أغلب الأرباح "
           "تذهب إلى الوسطاء. يهدف المشروع إلى تجهيز ورشة جماعية بأنوال عمودية حديثة تريح الظهر، "
           "وتكوين العضوات على حساب التكلفة وتحديد الأثمنة، وفتح صفحة للبيع المباشر عبر الإنترنت "
           "بالتعاون مع منصة CoopLab.",
           "نستعمل صوف أغنام المنطقة بدل الخيوط الصناعية، وسنغسله بالماء المسترجع. الورشة مبنية "
           "بالطين ومعزولة لتبقى باردة في الصيف دون مكيف.",
           "growing", ("equipment", "premises", "marketing", "training"), 124_000, 175_000,
           False, moment=0.84),
    _lalla(LALLA_2026, 16,
           "Huile d'olive extra vierge certifiée et valorisation des grignons",
           "Nos vingt-trois oléicultrices portent leurs olives à des moulins traditionnels où "
           "l'huile perd en qualité. Le projet équipe la coopérative d'un petit moulin moderne à "
           "deux phases, d'une cuve de stockage en inox et d'une ligne d'embouteillage, et "
           "prépare la certification biologique. Les grignons deviendront des briquettes de "
           "chauffage vendues aux hammams du quartier.",
           "Le moulin à deux phases n'a presque pas besoin d'eau et ne rejette plus de margines "
           "dans l'oued. Les briquettes de grignons remplacent le bois de chauffe, et les feuilles "
           "d'olivier seront compostées pour les vergers.",
           "growing", ("equipment", "processing", "labelling"), 410_000, 480_000, True,
           moment=0.71),
    _lalla(LALLA_2026, 20,
           "Distillerie de romarin et d'armoise pour les femmes de Jerada",
           "Après la fermeture des mines, beaucoup de familles de Jerada ont perdu leurs revenus. "
           "Nos vingt-quatre membres cueillent le romarin et l'armoise des plateaux avec "
           "l'autorisation des Eaux et Forêts. Le projet finance un alambic de 500 litres, un "
           "local de séchage et la formation des cueilleuses à la récolte durable, pour vendre "
           "des huiles essentielles aux laboratoires cosmétiques.",
           "La cueillette tournera d'une parcelle à l'autre pour laisser les plantes repousser. "
           "L'alambic sera chauffé avec les résidus de distillation séchés plutôt qu'avec du "
           "bois, et l'eau de refroidissement sera recyclée.",
           "started", ("equipment", "premises", "training"), 65_000, 250_000, False,
           moment=0.96),
    _lalla(LALLA_2026, 21,
           "تثمين تمر عزيزة عبر التخزين البارد والتلفيف",
           "تمر عزيزة من أجود تمور المغرب، لكن تعاونيتنا تضطر لبيعه مباشرة بعد الجني بثمن منخفض "
           "لغياب وسائل التخزين. سيمكن المشروع من اقتناء غرفة تبريد بالطاقة الشمسية وآلة للفرز، "
           "وتلفيف التمور في علب تحمل علامة تسمية المنشأ، والمشاركة في المعارض الوطنية.",
           "الواحة تعاني من نقص مياه العيون. سنشارك مع الجمعية المحلية في صيانة السواقي "
           "التقليدية، وستشتغل غرفة التبريد بالطاقة الشمسية لتقليص الاعتماد على الكهرباء.",
           "growing", ("equipment", "labelling", "marketing"), 230_000, 310_000, True,
           moment=0.66),
    _lalla(LALLA_2026, 22,
           "وحدة صحية لإنتاج الجبن البلدي",
           "تصنع عضوات تعاونيتنا الجبن البلدي في البيوت، ولا يمكنهن بيعه للمتاجر لغياب الترخيص "
           "الصحي. يهدف المشروع إلى تهيئة وحدة إنتاج تستجيب لمعايير المكتب الوطني للسلامة الصحية، "
           "مع خزان لتبريد الحليب، وتكوين ست عشرة امرأة على النظافة وسلسلة التبريد.",
           "الجفاف قلص المراعي وأضعف إنتاج الحليب. سنزرع أعلافا مقاومة للجفاف في قطعة أرض "
           "جماعية، وسنستعمل مصل اللبن علفا للماشية بدل رميه.",
           "started", ("equipment", "premises", "training"), 88_000, 205_000, False,
           moment=0.88),
    _lalla(LALLA_2026, 25,
           "خلايا حديثة وعسل الزعتر الجبلي",
           "تملك تعاونيتنا مائة وأربعين خلية تقليدية من الطين والقصب، ومردودها ضعيف. سنعوضها "
           "تدريجيا بمائة وعشرين خلية حديثة، ونجهز وحدة لاستخلاص العسل وتعبئته، ونكون العضوات على "
           "تربية الملكات ومحاربة مرض الفاروا. الهدف بيع عسل الزعتر الجبلي في قنينات تحمل علامة "
           "التعاونية.",
           "موجات الحر والجفاف أضعفت النحل وقللت الأزهار. سنغرس ثلاثة هكتارات من النباتات "
           "الرحيقية المحلية ونضع نقاط شرب للنحل، وسننقل الخلايا حسب مواسم الإزهار.",
           "growing", ("equipment", "training", "labelling"), 160_000, 240_000, True,
           moment=0.47),
    _lalla(LALLA_2026, 26,
           "الحنبل الزياني: تصاميم جديدة وبيع عبر الإنترنت",
           "تنسج ست وثلاثون امرأة في تعاونيتنا الحنبل التقليدي. نريد تطوير منتجات صغيرة الحجم "
           "(وسائد وحقائب وأغطية) يسهل بيعها وإرسالها، بتأطير من مصممة، وتكوين ثلاث شابات على "
           "التصوير والبيع عبر الإنترنت.",
           "نعتمد على صوف أغنام الأطلس المتوسط وعلى الصباغة بالنباتات، ونعيد استعمال بقايا "
           "الصوف في المنتجات الصغيرة فلا نرمي شيئا.",
           "growing", ("marketing", "training", "equipment"), 97_000, 140_000, False,
           status=S.SUBMITTED, moment=0.97),
    _lalla(LALLA_2026, 27,
           "Couscous aux céréales anciennes et aux légumineuses",
           "Notre jeune coopérative de quatorze femmes roule le couscous à la main. Avec le Women "
           "Empowerment Center de Khouribga, nous avons testé des couscous à l'orge, au blé dur "
           "ancien et aux lentilles, très demandés par les épiceries fines. Le prix financera un "
           "rouleur mécanique, un séchoir et des emballages, pour passer de 300 kg à une tonne "
           "par mois.",
           "Les céréales anciennes et les légumineuses résistent mieux à la sécheresse que le blé "
           "tendre : en les achetant aux petits agriculteurs de la région, nous encourageons des "
           "cultures adaptées au climat. Le séchoir sera solaire.",
           "started", ("equipment", "processing", "labelling"), 45_000, 150_000, True,
           moment=0.58),
    _lalla(LALLA_2026, 28,
           "زربية زمور: تكوين الشابات وضمان الخلف",
           "أغلب النساجات في تعاونيتنا تجاوزن الخمسين، والشابات لا يتعلمن الحرفة. يهدف المشروع "
           "إلى تكوين عشرين شابة من الدواوير المجاورة على يد النساجات المتمرسات، مع منحة شهرية "
           "صغيرة، وتجهيز الورشة بأنوال إضافية.",
           "نستعمل الصوف المحلي والصباغة الطبيعية، وسنغطي سقف الورشة بألواح شمسية للإنارة حتى "
           "تشتغل النساء في الشتاء.",
           "growing", ("training", "equipment", "premises"), 132_000, 190_000, False,
           status=S.SUBMITTED, moment=0.98),
    _lalla(LALLA_2026, 29,
           "Fruits rouges du Gharb : séchage et confitures par d'anciennes saisonnières",
           "Notre coopérative réunit neuf jeunes femmes qui travaillaient comme saisonnières dans "
           "les fermes de fraises et de myrtilles. Nous voulons transformer les fruits déclassés "
           "en fruits séchés et en confitures, grâce à un séchoir, une marmite à double fond et "
           "une petite salle de conditionnement, puis vendre aux supermarchés de Kénitra et de "
           "Rabat.",
           "Les fruits déclassés sont aujourd'hui jetés : les transformer évite de gaspiller "
           "l'eau et les engrais qui les ont fait pousser. Le séchoir fonctionnera à l'énergie "
           "solaire et les déchets seront compostés.",
           "idea", ("equipment", "processing", "premises"), 0, 160_000, False, moment=0.74),
    _lalla(LALLA_2026, 32,
           "كسكس بالحبوب المحلية: وحدة للتجفيف والتلفيف",
           "تحضر تسع عشرة امرأة في تعاونيتنا الكسكس والمفتول بالطريقة التقليدية. سنقتني آلة "
           "للفتل وجهازا للتجفيف وآلة للتلفيف، ونحصل على الترخيص الصحي لبيع منتجاتنا في المتاجر "
           "الكبرى بالجديدة والدار البيضاء.",
           "سنشتري القمح الصلب والشعير من صغار الفلاحين في المنطقة، وسيكون التجفيف بالطاقة "
           "الشمسية بدل الغاز.",
           "growing", ("equipment", "processing", "labelling"), 115_000, 185_000, False,
           moment=0.8),
    _lalla(LALLA_2026, 33,
           "Tisanes biologiques : verveine, menthe et thym",
           "Nos neuf membres cultivent la verveine, la menthe et le thym sur deux hectares prêtés "
           "par la commune. Le projet finance un séchoir, une ensacheuse et la certification "
           "biologique pour vendre des tisanes en sachets aux cafés et aux épiceries de "
           "Casablanca.",
           "Les plantes aromatiques consomment peu d'eau. Nous installerons le goutte-à-goutte "
           "et un paillage naturel pour garder l'humidité du sol.",
           "started", ("equipment", "labelling", "marketing"), 38_000, 120_000, False,
           status=S.SUBMITTED, moment=0.99),
    _lalla(LALLA_2026, 34,
           "Huile de pépins de figue de Barbarie : une filière à forte valeur",
           "L'huile de pépins de figue de Barbarie se vend jusqu'à 10 000 MAD le litre, mais nos "
           "vingt-sept coopératrices vendent encore leurs fruits frais au bord de la route. Le "
           "projet finance une presse à froid, un décortiqueur de pépins et des flacons "
           "étiquetés, ainsi qu'une formation à l'export.",
           "Le cactus pousse sans irrigation et protège les sols contre l'érosion. Nous "
           "valoriserons aussi la pulpe en confiture et en vinaigre pour ne rien perdre.",
           "growing", ("equipment", "processing", "labelling", "marketing"), 205_000, 350_000,
           True, moment=0.52),
    _lalla(LALLA_2026, 37,
           "الحرف الجلدية الصحراوية: ورشة وعلامة جماعية",
           "تصنع خمس وعشرون امرأة في تعاونيتنا منتجات جلدية وحصائر ولوازم الخيمة. يهدف المشروع "
           "إلى تجهيز ورشة مشتركة بآلات الخياطة والدبغ النباتي، وإنشاء علامة جماعية، والمشاركة "
           "في معارض الصناعة التقليدية بالعيون وأكادير.",
           "نستعمل الدبغ بالنباتات المحلية بدل المواد الكيميائية، ونجمع بقايا الجلد لصنع منتجات "
           "صغيرة. الورشة ستعمل بالطاقة الشمسية.",
           "growing", ("equipment", "premises", "marketing"), 142_000, 200_000, False,
           moment=0.69),
    _lalla(LALLA_2026, 38,
           "كسكس الشعير: تحسين الجودة والتلفيف",
           "تعاونيتنا حديثة وتضم عشر نساء يحضرن كسكس الشعير وفق الوصفات الصحراوية. نحتاج إلى آلة "
           "للطحن والفتل، وميزان، ومواد التلفيف، وتكوين في المحاسبة البسيطة.",
           "الشعير يتحمل الجفاف أكثر من القمح، وسنشتريه من الفلاحين المحليين. سنستعمل الطاقة "
           "الشمسية لتجفيف الكسكس.",
           "started", ("equipment", "processing", "training"), 26_000, 95_000, False,
           moment=0.9),
    # Not eligible: associations, an informal group, a mixed cooperative.
    _lalla(LALLA_2026, 5,
           "مطحنة لتثمين التمور من الدرجة الثانية",
           "تنشط جمعيتنا في تأطير نساء الواحات منذ 2009. نريد إحداث وحدة لطحن التمور من الدرجة "
           "الثانية وتحويلها إلى دقيق التمر وعجينة التمر لفائدة ثلاثين امرأة.",
           "نقص المياه يهدد الواحات، وتثمين التمور الضعيفة يرفع دخل الأسر دون ري إضافي.",
           "idea", ("equipment", "processing"), 12_000, 150_000, False,
           status=S.INELIGIBLE, reason=NOT_A_COOPERATIVE, moment=0.6),
    _lalla(LALLA_2026, 11,
           "مطبخ جماعي لنساء الدوار",
           "نحن اثنتا عشرة امرأة استفدنا من برنامج المنتجة لمختبر الابتكار الاجتماعي. نريد تجهيز "
           "مطبخ جماعي لتحضير الكسكس والحلويات وبيعها في سوق آسفي.",
           "سنستعمل أفرانا محسنة تستهلك حطبا أقل، ونجمع مياه الأمطار للتنظيف.",
           "idea", ("equipment", "premises", "training"), 8_000, 60_000, False,
           status=S.INELIGIBLE,
           reason="Groupement informel : le prix exige une coopérative enregistrée. Le groupement "
                  "peut se constituer en coopérative et rejoindre le programme Mourafaka.",
           moment=0.83),
    _lalla(LALLA_2026, 18,
           "Broderie de Sefrou : un atelier-boutique dans la médina",
           "Notre association forme depuis 2012 des femmes de Sefrou à la broderie et à la "
           "passementerie (boutons de djellaba). Nous voulons ouvrir un atelier-boutique dans la "
           "médina pour vendre directement aux visiteurs et aux boutiques de Fès.",
           "Nous utilisons des fils de soie végétale et du coton, et les chutes de tissu "
           "deviennent de petits objets.",
           "growing", ("premises", "marketing"), 64_000, 130_000, False,
           status=S.INELIGIBLE, reason=NOT_A_COOPERATIVE, moment=0.45),
    _lalla(LALLA_2026, 24,
           "Broderie tétouanaise : transmettre un savoir-faire",
           "Notre association réunit cinquante-deux brodeuses. Le projet forme vingt-cinq jeunes "
           "femmes à la broderie tétouanaise auprès des maâlmat et crée une collection de linge "
           "de maison vendue aux hôtels du nord.",
           "Nous privilégions le lin et le coton produits au Maroc, et les commandes seront "
           "groupées pour limiter les transports.",
           "growing", ("training", "marketing"), 210_000, 170_000, False,
           status=S.SUBMITTED, moment=0.95),
    _lalla(LALLA_2026, 30,
           "Une plateforme de vente en ligne pour les coopératives féminines de Salé",
           "Notre association accompagne les coopératives féminines de Salé dans la vente en "
           "ligne : photos, fiches produits, livraison. Nous voulons créer une plateforme commune "
           "et former quinze coopératives.",
           "Les livraisons seront regroupées par quartier et les emballages seront en carton "
           "recyclé.",
           "started", ("marketing", "training"), 90_000, 200_000, False,
           status=S.INELIGIBLE,
           reason="Association d'appui : le prix récompense les projets portés par une "
                  "coopérative féminine.",
           moment=0.5),
    _lalla(LALLA_2026, 35,
           "تعبئة تمور الواحة وتسويقها",
           "تضم تعاونيتنا ستة عشر عضوا منهم اثنتا عشرة امرأة. نريد تجهيز وحدة لفرز التمور وتعبئتها "
           "في علب صغيرة وبيعها للسياح الذين يزورون الواحة.",
           "سنصلح الخطارات مع سكان الواحة ونعتمد الري الموضعي لأشجار النخيل الجديدة.",
           "growing", ("equipment", "labelling", "marketing"), 76_000, 145_000, False,
           status=S.INELIGIBLE, reason=WOMEN_75, moment=0.86),
    _lalla(LALLA_2026, 39,
           "Séchage et conditionnement des produits de la mer par les femmes de Dakhla",
           "Notre association emploie trente-huit femmes pour le séchage traditionnel du poisson "
           "et du poulpe. Le projet finance une salle de conditionnement réfrigérée et des "
           "séchoirs solaires hygiéniques.",
           "Le séchage solaire remplace des congélateurs gourmands en électricité et valorise des "
           "prises qui étaient perdues.",
           "growing", ("equipment", "processing", "premises"), 380_000, 400_000, True,
           status=S.SUBMITTED, moment=0.92),
)

LALLA_2025_PLANS = (
    _lalla(LALLA_2025, 1,
           "Huile d'argan alimentaire en petits flacons pour les épiceries fines",
           "Notre coopérative produit une huile d'argan cosmétique vendue en vrac aux "
           "intermédiaires d'Agadir. Nous voulons lancer une huile alimentaire torréfiée, en "
           "flacons de 100 et 250 ml, avec une étiquette bilingue et le logo de l'IGP Argane. Le "
           "prix financera un torréfacteur, une presse et une ligne de remplissage.",
           "L'IGP Argane garantit l'origine ; la torréfaction faite par nos membres donne un goût "
           "de noisette apprécié des chefs. L'étiquette racontera le travail des femmes de "
           "Chtouka.",
           "growing", ("equipment", "processing", "labelling"), 620_000, 280_000, True,
           moment=0.72),
    _lalla(LALLA_2025, 2,
           "علامة تجارية لزعفران تالوين وبيعه عبر الإنترنت",
           "تبيع تعاونيتنا الزعفران بالغرام للوسطاء في سوق تالوين. نريد إنشاء علامة تجارية خاصة "
           "بنا، واقتناء آلة دقيقة للوزن والتلفيف في علب زجاجية صغيرة، وفتح متجر إلكتروني بمساعدة "
           "شابات من الدوار.",
           "زعفران تالوين يحمل تسمية المنشأ المحمية، وجودته معروفة عالميا. العلامة ستحكي قصة "
           "النساء اللواتي يجنين الزهور عند الفجر.",
           "started", ("labelling", "marketing", "equipment"), 280_000, 150_000, True,
           moment=0.88),
    _lalla(LALLA_2025, 4,
           "Confiture et vinaigre de figue de Barbarie",
           "Chaque été, une grande partie des figues de Barbarie de nos collines pourrit faute "
           "d'acheteurs. Nous voulons en faire de la confiture et du vinaigre, avec une marmite à "
           "double fond, une pasteurisatrice et des bocaux étiquetés, et obtenir l'autorisation "
           "sanitaire de l'ONSSA.",
           "La figue de Barbarie d'Aït Baha est connue pour sa douceur. Transformée, elle se vend "
           "toute l'année et sa valeur est multipliée par cinq.",
           "started", ("equipment", "processing", "labelling"), 54_000, 140_000, False,
           moment=0.64),
    _lalla(LALLA_2025, 6,
           "تحسين فرز الزعفران وتجفيفه للحصول على الجودة الممتازة",
           "تعمل ثلاثون امرأة في تعاونيتنا في جني الزعفران بسفوح سيروا. نريد تجهيز قاعة نظيفة "
           "لفرز المياسم وتجفيفها في ظروف صحية، وتكوين العضوات على معايير الجودة الدولية.",
           "زعفران سيروا من أجود أنواع الزعفران، لكن الجودة تضيع بسبب التجفيف التقليدي. تحسين "
           "الفرز سيرفع ثمن البيع.",
           "growing", ("equipment", "premises", "training"), 300_000, 190_000, True,
           moment=0.4),
    _lalla(LALLA_2025, 9,
           "Tapis de Ouarzazate : une collection pour la décoration d'aujourd'hui",
           "Avec une designer de Marrakech, nos tisserandes créeront une collection de douze "
           "modèles de tapis et de coussins aux motifs de la région, en tailles adaptées aux "
           "appartements. Le prix financera la laine, les métiers, les photos et la participation "
           "au salon de l'artisanat de Casablanca.",
           "Les motifs amazighs de nos grands-mères sont le cœur de la collection ; chaque pièce "
           "portera le nom de sa tisserande.",
           "growing", ("marketing", "training", "equipment"), 135_000, 160_000, False,
           moment=0.93),
    _lalla(LALLA_2025, 12,
           "Cosmétiques à l'argan certifiés biologiques",
           "Notre coopérative vend huit tonnes d'huile d'argan cosmétique par an à des "
           "laboratoires étrangers. Pour garder plus de valeur sur place, nous voulons fabriquer "
           "nous-mêmes savons, crèmes et huiles de massage certifiés bio, avec un laboratoire de "
           "formulation et la formation de six membres.",
           "L'arganier n'existe qu'au Maroc ; nos produits montreront que la valeur peut rester "
           "dans les douars d'Essaouira.",
           "growing", ("equipment", "processing", "labelling", "training"), 1_700_000, 450_000,
           True, moment=0.55),
    _lalla(LALLA_2025, 13,
           "إحياء زربية شيشاوة الأصيلة بالألوان الطبيعية",
           "نريد الرجوع إلى الصباغة الطبيعية التي كانت تستعملها جداتنا، وتكوين العضوات على "
           "تقنياتها، وصنع تشكيلة من الزرابي تحمل شهادة «صنع يدوي بألوان طبيعية».",
           "زربية شيشاوة جزء من تراث المنطقة، والألوان الطبيعية تعطيها قيمة كبيرة لدى المشترين "
           "الأجانب.",
           "growing", ("training", "equipment", "labelling"), 118_000, 120_000, False,
           moment=0.77),
    _lalla(LALLA_2025, 16,
           "L'huile d'olive de Meknès sous notre propre marque",
           "Nos membres vendent leur huile d'olive en bidons de cinq litres sans étiquette. Le "
           "projet finance une petite ligne d'embouteillage, des bouteilles en verre teinté et "
           "une étiquette qui mentionne l'origine Meknès, pour vendre aux épiceries et aux "
           "restaurants.",
           "L'huile d'olive de Meknès a une appellation d'origine protégée : nous voulons être la "
           "première coopérative féminine à l'utiliser.",
           "growing", ("equipment", "labelling", "marketing"), 390_000, 210_000, True,
           moment=0.83),
    _lalla(LALLA_2025, 20,
           "Romarin de l'Oriental séché et conditionné",
           "Notre jeune coopérative vend du romarin frais à bas prix. Avec un séchoir solaire et "
           "une ensacheuse, nous produirons du romarin séché en sachets et des tisanes pour les "
           "herboristeries d'Oujda et de Casablanca.",
           "Le romarin des hauts plateaux de Jerada est riche en huile essentielle ; bien séché, "
           "il garde son parfum.",
           "started", ("equipment", "processing", "labelling"), 40_000, 110_000, False,
           moment=0.97),
    _lalla(LALLA_2025, 21,
           "تلفيف تمر عزيزة في علب هدايا",
           "نريد تلفيف تمر عزيزة في علب هدايا بأحجام مختلفة لبيعها في المدن الكبرى خلال رمضان "
           "والأعياد، وتكوين العضوات على الفرز حسب الجودة.",
           "تمر عزيزة يحمل تسمية المنشأ، وهو مطلوب جدا في رمضان.",
           "growing", ("labelling", "marketing", "training"), 210_000, 130_000, True,
           moment=0.3),
    _lalla(LALLA_2025, 22,
           "الجبن البلدي: من البيت إلى المتجر",
           "تصنع ست عشرة امرأة الجبن البلدي الملفوف في أوراق الدوم. نريد تعلم طرق التصنيع الصحية "
           "وتحسين التلفيف لبيع الجبن للفنادق والمطاعم السياحية.",
           "جبن شفشاون المعروف بأوراق الدوم منتوج محلي أصيل يبحث عنه السياح.",
           "started", ("training", "processing", "labelling"), 80_000, 100_000, False,
           moment=0.61),
    _lalla(LALLA_2025, 25,
           "عسل الزعتر الجبلي في قنينات زجاجية",
           "نبيع العسل في قارورات بلاستيكية دون علامة. المشروع يمول آلة لتصفية العسل وقنينات "
           "زجاجية وملصقات، وتحاليل المختبر لإثبات الجودة.",
           "عسل الزعتر من جبال الأطلس الكبير مطلوب لفوائده الصحية، والتحاليل ستثبت أصالته.",
           "growing", ("equipment", "labelling"), 150_000, 90_000, True, moment=0.86),
    _lalla(LALLA_2025, 26,
           "الحنبل الزياني في معارض الصناعة التقليدية",
           "نريد المشاركة في معارض الصناعة التقليدية الوطنية، وتكوين العضوات على البيع والتواصل مع "
           "الزبناء، وصنع تشكيلة جديدة من الحنبل.",
           "الحنبل الزياني يحمل رموز قبائل زيان، ويعرف قيمته هواة الفن.",
           "growing", ("marketing", "training"), 90_000, 85_000, False, moment=0.91),
    _lalla(LALLA_2025, 28,
           "زربية زمور الأصيلة بشارة الجودة",
           "نريد الحصول على شارة الجودة الخاصة بالزربية المغربية، وتحسين ظروف العمل في الورشة.",
           "زربية زمور معروفة بألوانها الحمراء ورموزها، والشارة ستحميها من التقليد.",
           "growing", ("labelling", "premises"), 125_000, 110_000, False, moment=0.7),
    _lalla(LALLA_2025, 32,
           "كسكس دكالة التقليدي في أكياس للبيع بالمتاجر",
           "نريد تلفيف الكسكس والمحمصة والبركوكش في أكياس من ورق بعلامة التعاونية، والحصول على "
           "الترخيص الصحي.",
           "الكسكس المفتول باليد من حبوب دكالة له مذاق لا يوجد في الكسكس الصناعي.",
           "started", ("labelling", "processing"), 100_000, 95_000, False, moment=0.99),
    _lalla(LALLA_2025, 34,
           "Figue de Barbarie d'Aït Baamrane : étiquette et label",
           "Nous voulons faire reconnaître la figue de Barbarie de Sidi Ifni par un label de "
           "qualité, créer une marque collective et vendre nos fruits emballés aux supermarchés "
           "d'Agadir.",
           "La figue de Barbarie d'Aït Baamrane a une appellation d'origine : nos membres veulent "
           "en tirer un meilleur prix.",
           "growing", ("labelling", "marketing"), 180_000, 125_000, True, moment=0.5),
    _lalla(LALLA_2025, 37,
           "منتجات جلدية صحراوية بتصاميم جديدة",
           "نريد تطوير حقائب ومحافظ جلدية بزخارف صحراوية، وتكوين العضوات على الخياطة الحديثة، "
           "والبيع للسياح في العيون والداخلة.",
           "الزخارف الصحراوية التقليدية جزء من التراث الحساني، ونريد تعريف الزوار بها.",
           "growing", ("training", "marketing", "equipment"), 130_000, 115_000, False,
           moment=0.8),
    _lalla(LALLA_2025, 33,
           "Plantes aromatiques de Benslimane en sachets",
           "Notre coopérative vient d'être créée par neuf jeunes femmes. Nous voulons sécher et "
           "conditionner la verveine et la menthe que nous cultivons.",
           "La verveine de la région de Benslimane est très parfumée.",
           "idea", ("equipment", "labelling"), 0, 70_000, False, status=S.INELIGIBLE,
           reason="Coopérative créée en novembre 2024 : moins de 12 mois d'existence à la date "
                  "limite.",
           moment=0.95),
    _lalla(LALLA_2025, 35,
           "تمور الواحة للسياح",
           "نريد بيع تمور الواحة للسياح في علب صغيرة مع بطاقة تعرف بالواحة.",
           "تمور تيغمرت ترتبط بتاريخ الواحة وقصبتها.",
           "growing", ("labelling", "marketing"), 70_000, 80_000, False, status=S.INELIGIBLE,
           reason=WOMEN_75, moment=0.67),
    _lalla(LALLA_2025, 18,
           "Boutons de djellaba de Sefrou : un savoir-faire à vendre en ligne",
           "Notre association veut vendre en ligne les boutons de djellaba et la passementerie "
           "faits à la main par ses membres.",
           "Le bouton de Sefrou est un savoir-faire unique au Maroc.",
           "growing", ("marketing",), 60_000, 60_000, False, status=S.INELIGIBLE,
           reason=NOT_A_COOPERATIVE, moment=0.58),
)
# fmt: on

# ---------------------------------------------------------------------------
# Appel à projets Recherche-Action SIL 2026 (open): submitted applications and drafts.
# ---------------------------------------------------------------------------


def _sil(coop, status=S.SUBMITTED, step="", moment=0.5, **answers):
    for key in ("beneficiaries", "months", "amount", "cofunding"):
        if key in answers:
            answers[key] = str(answers[key])
    if "personal_data" in answers:
        answers["personal_data"] = "yes" if answers["personal_data"] else "no"
    return Plan(call=SIL, coop=coop, answers=answers, status=status, step=step, moment=moment)


SIL_PLANS = (
    _sil(
        1,
        moment=0.3,
        title="Traçabilité numérique de l'huile d'argan, de l'arbre au flacon",
        theme="digital",
        problem="Nos quarante-six coopératrices notent à la main les quantités de fruits "
        "concassés et d'huile produite. Les acheteurs étrangers demandent désormais une "
        "traçabilité complète pour payer le prix du commerce équitable, et plusieurs membres "
        "ne savent ni lire ni écrire. Sans traçabilité, la coopérative perd ses meilleurs "
        "clients et les femmes ne savent pas ce que leur rapporte leur travail.",
        method="Question : un outil vocal et imagé sur téléphone permet-il à des femmes peu "
        "alphabétisées d'enregistrer elles-mêmes la production ? Nous concevrons l'outil en "
        "ateliers avec les membres, le testerons pendant une saison de récolte, puis "
        "mesurerons avec l'équipe de recherche les erreurs, le temps passé et l'évolution des "
        "revenus.",
        laboratory="Université Ibn Zohr — École nationale des sciences appliquées d'Agadir",
        researcher="Pr Amina Ouhadi",
        beneficiaries=160,
        partners=["odco", "commune"],
        personal_data=True,
        months=12,
        amount=180_000,
        cofunding=45_000,
    ),
    _sil(
        2,
        moment=0.45,
        title="الري الذكي لحقول الزعفران",
        theme="water",
        problem="تراجع إنتاج الزعفران في منطقتنا بسبب الجفاف المتواصل ونضوب الآبار. تسقي النساء "
        "الحقول بطريقة تقليدية تضيع فيها كميات كبيرة من الماء، ولا يعرفن متى يحتاج النبات إلى "
        "الري فعلا.",
        method="سؤال البحث: هل تمكن مجسات رطوبة التربة البسيطة ورسائل الهاتف من تقليص استهلاك "
        "الماء دون خفض الإنتاج؟ سنجرب الجهاز في عشرة حقول مع العضوات ونقارنها بحقول أخرى، "
        "وننظم ورشات شهرية لتقاسم النتائج.",
        laboratory="جامعة محمد السادس متعددة التخصصات التقنية — مختبر الابتكار الاجتماعي",
        researcher="د. يوسف أمزيان",
        beneficiaries=85,
        partners=["commune", "indh"],
        personal_data=False,
        months=18,
        amount=240_000,
        cofunding=30_000,
    ),
    _sil(
        5,
        moment=0.55,
        title="التدبير التشاركي لمياه الخطارات بالواحات",
        theme="water",
        problem="جفت عدة خطارات في واحات طاطا، وتسببت النزاعات حول توزيع الماء في هجرة الشباب. "
        "النساء أول المتضررات لأنهن يقطعن مسافات طويلة لجلب الماء.",
        method="سنرسم مع الساكنة خريطة الخطارات وحصص الماء، وندرس مع الباحثين نماذج التدبير "
        "الجماعي الناجحة، ثم نجرب لجنة مشتركة بين النساء والرجال لتوزيع الماء خلال سنة.",
        laboratory="جامعة ابن زهر — الكلية متعددة التخصصات بورزازات",
        researcher="د. لحسن أيت الفقيه",
        beneficiaries=600,
        partners=["commune", "ngo", "indh"],
        personal_data=True,
        months=18,
        amount=230_000,
        cofunding=25_000,
    ),
    _sil(
        11,
        moment=0.62,
        title="البيع الجماعي لمنتجات نساء الدواوير",
        theme="women",
        problem="تبيع نساء دواري بويزاط وأولاد سلمان الكسكس والبيض والخضر كل واحدة بمفردها في "
        "السوق الأسبوعي، بثمن يحدده الوسطاء. كثير منهن لا يتوفرن على وسيلة نقل، فيضيع جزء كبير "
        "من الدخل.",
        method="سنجرب مع مختبر الابتكار الاجتماعي نقطة بيع جماعية ونظاما بسيطا للطلبيات عبر "
        "الهاتف، ونقيس مع الباحثين تطور دخل النساء ووقتهن خلال تسعة أشهر، بورشات للتصميم "
        "التشاركي في الدوار نفسه.",
        laboratory="جامعة محمد السادس متعددة التخصصات التقنية — برنامج المنتجة",
        researcher="د. سلمى الإدريسي",
        beneficiaries=50,
        partners=["ocp", "commune"],
        personal_data=True,
        months=9,
        amount=75_000,
        cofunding=5_000,
    ),
    _sil(
        18,
        moment=0.7,
        title="Transmettre la passementerie de Sefrou : un atelier-école documenté",
        theme="heritage",
        problem="À Sefrou, moins de trente artisanes savent encore fabriquer à l'aiguille les "
        "boutons et les cordons de djellaba. Elles sont âgées, leur savoir n'est écrit nulle "
        "part et les jeunes femmes ne voient pas comment en vivre.",
        method="Avec les chercheurs, nous filmerons et décrirons pas à pas les techniques, puis "
        "nous testerons un atelier-école où chaque maâlma forme deux apprenties, payées à la "
        "pièce. Nous mesurerons combien d'apprenties atteignent la qualité de vente en six "
        "mois.",
        laboratory="Université Sidi Mohamed Ben Abdellah — Faculté des lettres Dhar El Mehraz",
        researcher="Pr Karima Bennis",
        beneficiaries=60,
        partners=["commune", "company"],
        personal_data=True,
        months=12,
        amount=150_000,
        cofunding=20_000,
    ),
    _sil(
        30,
        moment=0.8,
        title="Digital skills for women's cooperatives in Salé: a co-designed training path",
        theme="digital",
        problem="Most of the 15 women's cooperatives we support in Salé sell only at local "
        "fairs. Their members own smartphones but have never photographed a product, written "
        "a product description or handled an online order, and generic training courses do "
        "not fit their schedules.",
        method="Research question: which format of digital training (short WhatsApp lessons, "
        "weekly workshops or peer mentoring) leads cooperatives to make and keep online "
        "sales? We will co-design the three formats with the members, test them with three "
        "groups of five cooperatives, and compare sales and drop-out rates with the research "
        "team.",
        laboratory="Mohammed V University in Rabat — ENSIAS",
        researcher="Dr Hamza Alaoui",
        beneficiaries=180,
        partners=["ngo", "company", "odco"],
        personal_data=True,
        months=12,
        amount=195_000,
        cofunding=35_000,
    ),
    # Drafts in progress.
    _sil(
        1,
        status=S.DRAFT,
        step="part-1",
        moment=0.9,
        title="Tourteaux d'argan : un aliment pour chèvres fabriqué par la coopérative",
        theme="value-chains",
        problem="Après l'extraction de l'huile, il nous reste chaque année près de douze tonnes "
        "de tourteaux, vendus presque rien aux éleveurs.",
    ),
    _sil(
        2,
        status=S.DRAFT,
        step="part-2",
        moment=0.85,
        title="تكوين الشابات على جني الزعفران وتجفيفه",
        theme="women",
        problem="الشابات في الدوار لا يجدن عملا، والتعاونية تحتاج إلى يد عاملة مكونة خلال موسم "
        "الجني القصير.",
        method="سنكون عشرين شابة مع الباحثين ونتتبع مسارهن خلال موسمين.",
    ),
    _sil(
        7,
        status=S.DRAFT,
        step="part-1",
        moment=0.75,
        title="إعادة استعمال المياه الرمادية لسقي النخيل",
        theme="water",
    ),
    _sil(14, status=S.DRAFT, step=ELIGIBILITY, moment=0.95),
)

PLANS = (*LALLA_2025_PLANS, *LALLA_2026_PLANS, *SIL_PLANS)


# ---------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------


def seed_applications(
    accounts: DemoAccounts, calls: DemoCalls, *, now: datetime.datetime | None = None
) -> DemoApplications:
    """Make the demo applications that are missing; leave those already there."""
    now = now or timezone.now()
    demo = DemoApplications()
    # The applicants with their organization, in one query.
    applicants = {
        user.email: user
        for user in User.objects.select_related("organization").filter(
            email__in={applicant_email(plan.coop) for plan in PLANS}
        )
    }
    for slug, call in calls.calls.items():
        organizer = accounts.users[calls.specs[slug].organizers[0]]
        taken: set[int] = set()
        for plan in (plan for plan in PLANS if plan.call == slug):
            user = applicants[applicant_email(plan.coop)]
            application = _standing_for(plan, call, user, taken)
            if application is None:
                try:
                    application = _apply(plan, call, user, calls, now)
                except services.ApplicationError as error:
                    demo.skipped.append(f"{applicant_email(plan.coop)} on {slug}: {error}")
                    continue
                demo.created += 1
            taken.add(application.pk)
            _screen(application, plan, organizer, now)
            demo.applications.append(application)
    return demo


def _standing_for(plan: Plan, call: Call, user, taken: set[int]) -> Application | None:
    """The applicant's application that stands for the plan, if there is one: a draft for
    a draft, a received application (whatever became of it since) for the others."""
    wanted = [S.DRAFT] if plan.status == S.DRAFT else list(RECEIVED)
    return (
        Application.objects.filter(call=call, applicant=user, status__in=wanted)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )


def _screen(application: Application, plan: Plan, organizer, now) -> None:
    """The organizer's screening, for a submitted application nobody has screened yet: a
    week after the call closed (or now, for a call that closed less than a week ago)."""
    if application.status == S.SUBMITTED and plan.status in (S.ELIGIBLE, S.INELIGIBLE):
        screened_at = min(application.call.closes_at + datetime.timedelta(days=7), now)
        services.application_transition(
            application=application,
            to=plan.status,
            actor=organizer,
            reason=plan.reason,
            now=screened_at,
        )
        application.status = plan.status


def _apply(plan, call, user, calls, now) -> Application:
    """Start, fill, attach and (unless a draft) submit, as the applicant would."""
    organization = user.organization
    submitted_at = _moment(call, plan.moment, now)
    started_at = max(call.opens_at, submitted_at - datetime.timedelta(days=6, hours=3))
    steps = form_steps(call=call)
    rules = calls.rules[call.slug]
    questions = calls.questions[call.slug]
    values = _answers(plan, call, organization, questions)

    application = services.application_start(call=call, applicant=user, now=started_at)
    if application.created_at > started_at:
        # The applicant's draft on the call (there is one at most) is taken over.
        started_at = application.created_at
        submitted_at = min(max(submitted_at, started_at + datetime.timedelta(hours=3)), now)
    filled = _filled_steps(plan, steps)
    keys = {question.pk: key for key, question in questions.items()}
    form_data = _form_data(plan, organization, rules, steps, values, keys, filled)
    services.application_save_form(
        application=application,
        form_data=form_data,
        step=_step_left(plan, steps),
        actor=user,
        now=started_at + datetime.timedelta(minutes=40),
    )
    held = Counter(application.attachments.values_list("question_id", flat=True))
    for question, upload in _documents(plan, organization, questions, filled):
        if held[question.pk] >= question.max_files:
            continue  # a draft taken over already holds this document
        held[question.pk] += 1
        services.attachment_add(
            application=application,
            question=question,
            uploaded_file=upload,
            actor=user,
            now=submitted_at - datetime.timedelta(hours=2),
        )
    if plan.status == S.DRAFT:
        return application

    # What the wizard's done() does with the stored steps, with the same forms.
    step_data = form_data["step_data"]
    profile = _valid(
        ProfileStepForm(
            data=MultiValueDict(step_data[PROFILE]), prefix=PROFILE, instance=organization
        ),
        plan,
    ).cleaned_data
    declarations = {}
    if rules:
        declarations = _valid(
            EligibilityStepForm(
                data=MultiValueDict(step_data[ELIGIBILITY]), prefix=ELIGIBILITY, rules=rules
            ),
            plan,
        ).declarations()
    attached = selectors.attachments_by_question(application=application)
    answers = {}
    for step in steps:
        name = part_name(step)
        form = StepAnswersForm(
            data=MultiValueDict(step_data[name]), prefix=name, step=step, attached=attached
        )
        answers.update(_valid(form, plan).answers())
    return services.application_submit(
        application=application,
        actor=user,
        answers=answers,
        profile=profile,
        declarations=declarations,
        now=submitted_at,
        notify=False,
    )


def _valid(form, plan):
    if not form.is_valid():
        raise ValueError(
            f"Demo application of coop{plan.coop:02d} to {plan.call}: {form.errors.as_json()}"
        )
    return form


def _moment(call: Call, fraction: float, now: datetime.datetime) -> datetime.datetime:
    """A moment of the open period that has already passed (the call may still be open)."""
    end = min(call.closes_at, now) - datetime.timedelta(hours=1)
    moment = call.opens_at + (end - call.opens_at) * fraction
    return moment.replace(microsecond=0)


def _answers(plan, call, organization, questions) -> dict[str, object]:
    """The plan's answers, with what follows from the organization and the call's dates."""
    values = dict(plan.answers)
    start = timezone.localtime(call.results_at or call.closes_at, CASABLANCA).date()
    start = (start.replace(day=1) + datetime.timedelta(days=62)).replace(day=1)
    if "start" in questions and plan.status != S.DRAFT:
        values.setdefault("start", start.isoformat())
    if plan.call in (LALLA_2025, LALLA_2026):
        values["beneficiaries"] = str(organization.women_members_count or 1)
    return values


def _filled_steps(plan: Plan, steps) -> int:
    """How many of the call's steps the applicant has filled."""
    if plan.status != S.DRAFT:
        return len(steps)
    if plan.step.startswith("part-"):
        return int(plan.step.removeprefix("part-"))
    return 0


def _form_data(plan, organization, rules, steps, values, keys, filled) -> dict:
    """The wizard's working copy: each step's fields as the browser posted them."""
    step_data = {PROFILE: profile_step_data(organization, prefix=PROFILE)}
    if rules:
        step_data[ELIGIBILITY] = {
            f"{ELIGIBILITY}-declaration_{rule.pk}": [_declaration(rule, organization)]
            for rule in rules
            if rule.kind == RuleKind.DECLARATION
        }
    for step in steps[:filled]:
        name = part_name(step)
        fields = {}
        for question in step.questions.all():
            value = values.get(keys[question.pk])
            if question.kind == QuestionKind.FILE or value is None:
                continue
            fields[f"{name}-{question.field_name}"] = value if isinstance(value, list) else [value]
        step_data[name] = fields
    if plan.status != S.DRAFT:
        step_data[REVIEW] = {}
    return {"step_data": step_data}


def _step_left(plan: Plan, steps) -> str:
    """The wizard step a draft was left on ("part-2" in a plan: the call's second step)."""
    if plan.status != S.DRAFT:
        return ""
    if plan.step.startswith("part-"):
        return part_name(steps[int(plan.step.removeprefix("part-")) - 1])
    return plan.step or PROFILE


def _declaration(rule, organization) -> str:
    """Applicants answer honestly: an association is not registered with the ODCO."""
    registered = organization.legal_form == LegalForm.COOPERATIVE
    if "ODCO" in rule.statement_fr and not registered:
        return "no"
    return "yes"


# ---------------------------------------------------------------------------
# Documents: small real files, as an applicant's phone or computer would send them.
# ---------------------------------------------------------------------------


def _documents(plan, organization, questions, filled):
    """The files the applicant sends, for the file questions of the steps filled."""
    arabic = _writes_arabic(plan)
    documents = []
    last_step_filled = plan.status != S.DRAFT
    if not last_step_filled and filled == 0:
        return documents
    name = organization.name
    statutes = questions.get("statutes")
    if statutes is not None and (last_step_filled or plan.coop == 1):
        file_name = "النظام-الأساسي.pdf" if arabic else "Statuts coopérative.pdf"
        documents.append(
            (statutes, _pdf(file_name, ["Statuts", name, organization.registration_number]))
        )
    if not last_step_filled:
        return documents
    certificate = questions.get("odco_certificate") or questions.get("registration")
    if certificate is not None and (
        certificate.required or organization.legal_form != LegalForm.INFORMAL_GROUP
    ):
        if arabic:
            for page in (1, 2):
                documents.append(
                    (certificate, _photo(f"شهادة-التسجيل-{page}.jpg", name, page, plan.coop))
                )
        else:
            documents.append(
                (
                    certificate,
                    _pdf(
                        "attestation-ODCO.pdf",
                        ["Attestation d'inscription", name, organization.registration_number],
                    ),
                )
            )
    commitment = questions.get("commitment")
    if commitment is not None:
        documents.append(
            (
                commitment,
                _pdf(
                    "lettre-engagement-laboratoire.pdf",
                    ["Lettre d'engagement du laboratoire partenaire", plan.answers["laboratory"]],
                ),
            )
        )
    budget = questions.get("budget_file")
    amount = int(plan.answers.get("budget") or plan.answers.get("amount") or 0)
    if budget is not None and amount >= 200_000:
        documents.append((budget, _workbook("Budget previsionnel.xlsx", plan, amount)))
    return documents


def _writes_arabic(plan: Plan) -> bool:
    text = " ".join(value for value in plan.answers.values() if isinstance(value, str))
    return any("\u0600" <= character <= "\u06ff" for character in text)


def _pdf(file_name: str, lines: list[str]) -> SimpleUploadedFile:
    """A one-page PDF with a few lines of text (latin letters only: no font embedded)."""
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(
        "(" + _pdf_text(line) + ") '" for line in lines if line
    )
    stream = text.encode("latin-1") + b" ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return SimpleUploadedFile(file_name, body, content_type="application/pdf")


def _pdf_text(line: str) -> str:
    line = line.encode("latin-1", "replace").decode("latin-1")
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _photo(file_name: str, name: str, page: int, seed: int) -> SimpleUploadedFile:
    """A phone photo of a printed page: paper on a table, lines of text."""
    image = Image.new("RGB", (480, 640), (92, 70, 52))
    draw = ImageDraw.Draw(image)
    draw.polygon([(26, 20), (460, 34), (452, 620), (20, 610)], fill=(244, 240, 228))
    draw.text((60, 60), "ROYAUME DU MAROC - ODCO", fill=(30, 30, 30))
    draw.text((60, 80), f"Page {page}", fill=(30, 30, 30))
    draw.text((60, 106), name.encode("ascii", "replace").decode(), fill=(30, 30, 30))
    for row in range(14):
        width = 200 + (zlib.crc32(f"{seed}-{page}-{row}".encode()) % 170)
        top = 150 + row * 30
        draw.rectangle([(60, top), (60 + width, top + 7)], fill=(70, 70, 80))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=80)
    return SimpleUploadedFile(file_name, output.getvalue(), content_type="image/jpeg")


def _workbook(file_name: str, plan: Plan, amount: int) -> SimpleUploadedFile:
    """The project's budget as an organizer would want it: lines, amounts, a total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Budget"
    sheet.append(["Poste de dépense", "Montant (MAD)"])
    shares = (("Équipement", 0.55), ("Formation", 0.15), ("Emballages et étiquettes", 0.1))
    spent = 0
    for label, share in shares:
        value = round(amount * share, -2)
        sheet.append([label, value])
        spent += value
    sheet.append(["Fonctionnement et imprévus", amount - spent])
    sheet.append(["Total", f"=SUM(B2:B{len(shares) + 2})"])
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(
        file_name,
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
