from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ARABIC = "ar", "العربية"
    ENGLISH = "en", "English"


class Region(models.TextChoices):
    """The twelve regions of Morocco (2015 division)."""

    TANGER_TETOUAN_AL_HOCEIMA = "tanger-tetouan-al-hoceima", _("Tanger-Tetouan-Al Hoceima")
    ORIENTAL = "oriental", _("Oriental")
    FES_MEKNES = "fes-meknes", _("Fes-Meknes")
    RABAT_SALE_KENITRA = "rabat-sale-kenitra", _("Rabat-Sale-Kenitra")
    BENI_MELLAL_KHENIFRA = "beni-mellal-khenifra", _("Beni Mellal-Khenifra")
    CASABLANCA_SETTAT = "casablanca-settat", _("Casablanca-Settat")
    MARRAKECH_SAFI = "marrakech-safi", _("Marrakech-Safi")
    DRAA_TAFILALET = "draa-tafilalet", _("Draa-Tafilalet")
    SOUSS_MASSA = "souss-massa", _("Souss-Massa")
    GUELMIM_OUED_NOUN = "guelmim-oued-noun", _("Guelmim-Oued Noun")
    LAAYOUNE_SAKIA_EL_HAMRA = "laayoune-sakia-el-hamra", _("Laayoune-Sakia El Hamra")
    DAKHLA_OUED_ED_DAHAB = "dakhla-oued-ed-dahab", _("Dakhla-Oued Ed-Dahab")


class LegalForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    INFORMAL_GROUP = "informal-group", _("Informal group")


# Legal forms registered with an authority (the ODCO, the trade register…): they have a
# registration number.
REGISTERED_LEGAL_FORMS = (LegalForm.COOPERATIVE, LegalForm.ASSOCIATION, LegalForm.COMPANY)


class Sector(models.TextChoices):
    ARGAN = "argan", _("Argan")
    SAFFRON = "saffron", _("Saffron")
    COUSCOUS = "couscous", _("Couscous and cereal products")
    WEAVING = "weaving", _("Weaving and carpets")
    DATES = "dates", pgettext_lazy("sector", "Dates")
    HONEY = "honey", _("Honey and beekeeping")
    CACTUS = "cactus", _("Cactus and prickly pear")
    AROMATIC_PLANTS = "aromatic-plants", _("Aromatic and medicinal plants")
    OLIVES = "olives", _("Olives and olive oil")
    DAIRY = "dairy", _("Dairy products")
    CRAFTS = "crafts", pgettext_lazy("sector", "Crafts")
    AGRICULTURE = "agriculture", _("Other agriculture")
    SERVICES = "services", _("Services and tourism")
    OTHER = "other", pgettext_lazy("sector", "Other")
