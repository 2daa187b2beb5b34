"""Demo people: two organizers, a site admin, eight jurors and forty applicant organizations.

`seed_accounts()` creates them or puts them back as described here: every password
`demo-2026!`, every e-mail address verified (allauth's mandatory verification), the
current privacy notice accepted, organizations saved through `organization_save`.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password

from accounts.enums import Language, LegalForm, Region, Sector
from accounts.models import Organization, PrivacyConsent, User
from accounts.services import organization_save, privacy_consent_record
from juries.models import JurorProfile
from portal.demo import PASSWORD

FR, AR, EN = Language.FRENCH, Language.ARABIC, Language.ENGLISH
COOP, ASSOC = LegalForm.COOPERATIVE, LegalForm.ASSOCIATION
COMPANY, INFORMAL = LegalForm.COMPANY, LegalForm.INFORMAL_GROUP


@dataclass(frozen=True)
class Person:
    """An organizer or a site admin."""

    email: str
    full_name: str
    language: str
    role: str
    is_organizer: bool = False
    is_site_admin: bool = False


@dataclass(frozen=True)
class Juror:
    email: str
    full_name: str
    language: str
    expertise: str
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Applicant:
    """The owner of an organization (`contact`) and the organization's profile."""

    contact: str
    language: str
    phone: str
    name: str
    form: str
    registration: str
    region: str
    province: str
    sector: str
    founded: datetime.date
    members: int
    women: int
    youth: int

    def organization_data(self) -> dict:
        return {
            "name": self.name,
            "legal_form": self.form,
            "registration_number": self.registration,
            "region": self.region,
            "province": self.province,
            "sector": self.sector,
            "founded_on": self.founded,
            "members_count": self.members,
            "women_members_count": self.women,
            "youth_members_count": self.youth,
            "contact_phone": self.phone,
        }


STAFF = (
    Person(
        "organizer@demo.ma",
        "Salma Bennani",
        FR,
        "organizer, Fondation OCP (Lalla Al Moutaaouina prize, Mourafaka)",
        is_organizer=True,
    ),
    Person(
        "organizer2@demo.ma",
        "Karim El Alaoui",
        FR,
        "organizer, UM6P Social Innovation Lab (action-research call)",
        is_organizer=True,
    ),
    Person("admin@demo.ma", "Hicham Naciri", FR, "site admin (also /admin/)", is_site_admin=True),
)

# fmt: off
JURORS = (
    Juror("jury1@demo.ma", "Nadia Berrada", FR, "agronomist, argan and saffron value chains",
          (Sector.ARGAN, Sector.SAFFRON, Sector.AROMATIC_PLANTS, Sector.CACTUS),
          (Region.SOUSS_MASSA, Region.DRAA_TAFILALET, Region.GUELMIM_OUED_NOUN),
          (FR, AR)),
    Juror("jury2@demo.ma", "Youssef El Idrissi", FR, "social and solidarity economy expert",
          (Sector.CRAFTS, Sector.WEAVING, Sector.COUSCOUS, Sector.SERVICES),
          (Region.RABAT_SALE_KENITRA, Region.CASABLANCA_SETTAT, Region.FES_MEKNES),
          (FR, AR, EN)),
    Juror("jury3@demo.ma", "Samira Tazi", AR, "microfinance officer, income-generating activities",
          (Sector.AGRICULTURE, Sector.DAIRY, Sector.HONEY, Sector.COUSCOUS),
          (Region.CASABLANCA_SETTAT, Region.MARRAKECH_SAFI, Region.BENI_MELLAL_KHENIFRA),
          (AR, FR)),
    Juror("jury4@demo.ma", "Hassan Ouzzine", AR, "oasis agronomist, date palm",
          (Sector.DATES, Sector.AGRICULTURE, Sector.AROMATIC_PLANTS),
          (Region.DRAA_TAFILALET, Region.ORIENTAL, Region.SOUSS_MASSA),
          (AR, FR)),
    Juror("jury5@demo.ma", "Laila Amrani", FR, "gender and women's entrepreneurship consultant",
          (Sector.WEAVING, Sector.CRAFTS, Sector.COUSCOUS, Sector.CACTUS),
          (Region.TANGER_TETOUAN_AL_HOCEIMA, Region.ORIENTAL, Region.MARRAKECH_SAFI),
          (FR, EN, AR)),
    Juror("jury6@demo.ma", "Rachid Benali", FR, "food quality and origin labels engineer",
          (Sector.OLIVES, Sector.DAIRY, Sector.HONEY, Sector.ARGAN),
          (Region.FES_MEKNES, Region.ORIENTAL, Region.BENI_MELLAL_KHENIFRA),
          (FR, AR)),
    Juror("jury7@demo.ma", "Meriem Lahlou", EN, "marketing and e-commerce researcher",
          (Sector.CRAFTS, Sector.SERVICES, Sector.ARGAN, Sector.SAFFRON),
          (Region.MARRAKECH_SAFI, Region.RABAT_SALE_KENITRA, Region.CASABLANCA_SETTAT),
          (FR, EN)),
    Juror("jury8@demo.ma", "Brahim Ait Taleb", AR, "development of the southern provinces",
          (Sector.CACTUS, Sector.DAIRY, Sector.DATES, Sector.OTHER),
          (Region.LAAYOUNE_SAKIA_EL_HAMRA, Region.DAKHLA_OUED_ED_DAHAB,
           Region.GUELMIM_OUED_NOUN),
          (AR, FR)),
)

# Applicant n logs in as coop<n>@demo.ma (coop01 … coop40), in this order.
APPLICANTS = (
    # Souss-Massa
    Applicant(contact="Fatima Zahra Ait Lahcen", language=FR, phone="+212661234507",
              name="Coopérative Tifaouine d'argan", form=COOP, registration="ODCO-2014-00318",
              region=Region.SOUSS_MASSA, province="Chtouka-Aït Baha", sector=Sector.ARGAN,
              founded=datetime.date(2014, 3, 12), members=46, women=46, youth=14),
    Applicant(contact="Khadija Boutaleb", language=AR, phone="+212670452318",
              name="Coopérative Al Amal pour le safran", form=COOP,
              registration="ODCO-2017-02741",
              region=Region.SOUSS_MASSA, province="Taroudant", sector=Sector.SAFFRON,
              founded=datetime.date(2017, 10, 5), members=28, women=26, youth=11),
    Applicant(contact="Lahcen Id Belaid", language=AR, phone="+212528862241",
              name="Coopérative Tagmate d'apiculture", form=COOP, registration="ODCO-2011-00957",
              region=Region.SOUSS_MASSA, province="Tiznit", sector=Sector.HONEY,
              founded=datetime.date(2011, 6, 20), members=19, women=4, youth=6),
    Applicant(contact="Aicha Ouhammou", language=FR, phone="+212662318850",
              name="Coopérative Aknari Aït Baha", form=COOP, registration="ODCO-2020-04412",
              region=Region.SOUSS_MASSA, province="Chtouka-Aït Baha", sector=Sector.CACTUS,
              founded=datetime.date(2020, 2, 3), members=22, women=20, youth=12),
    Applicant(contact="Zahra Ait Ouaarab", language=AR, phone="+212668104927",
              name="Association Tafoukt Tata pour le développement féminin", form=ASSOC,
              registration="Récépissé n° 27/2009 — Tata",
              region=Region.SOUSS_MASSA, province="Tata", sector=Sector.DATES,
              founded=datetime.date(2009, 11, 17), members=35, women=30, youth=12),
    # Drâa-Tafilalet
    Applicant(contact="Itto Ait Bihi", language=AR, phone="+212671935402",
              name="Coopérative Siroua Safran", form=COOP, registration="ODCO-2016-01833",
              region=Region.DRAA_TAFILALET, province="Ouarzazate", sector=Sector.SAFFRON,
              founded=datetime.date(2016, 4, 28), members=34, women=30, youth=10),
    Applicant(contact="Mohamed Ouchaou", language=AR, phone="+212666270415",
              name="Coopérative Nakhil Aoufous", form=COOP, registration="ODCO-2012-01105",
              region=Region.DRAA_TAFILALET, province="Errachidia", sector=Sector.DATES,
              founded=datetime.date(2012, 9, 9), members=58, women=12, youth=20),
    Applicant(contact="Hafsa Bouzid", language=FR, phone="+212679513364",
              name="Coopérative féminine Tamount pour les dattes", form=COOP,
              registration="ODCO-2019-03590",
              region=Region.DRAA_TAFILALET, province="Zagora", sector=Sector.DATES,
              founded=datetime.date(2019, 1, 15), members=17, women=17, youth=9),
    Applicant(contact="Saida Ait Ali", language=FR, phone="+212524885103",
              name="Coopérative Nour Tissage", form=COOP, registration="ODCO-2015-01476",
              region=Region.DRAA_TAFILALET, province="Ouarzazate", sector=Sector.WEAVING,
              founded=datetime.date(2015, 5, 21), members=40, women=40, youth=16),
    Applicant(contact="Naima Ait Hammou", language=AR, phone="+212708226419",
              name="Coopérative Warda de Kelâat M'Gouna", form=COOP,
              registration="ODCO-2021-05128",
              region=Region.DRAA_TAFILALET, province="Tinghir", sector=Sector.AROMATIC_PLANTS,
              founded=datetime.date(2021, 3, 8), members=24, women=22, youth=15),
    # Marrakech-Safi
    Applicant(contact="Rkia El Ghazi", language=AR, phone="+212650733128",
              name="Groupement des femmes du douar Ouled Salmane", form=INFORMAL,
              registration="",
              region=Region.MARRAKECH_SAFI, province="Safi", sector=Sector.COUSCOUS,
              founded=datetime.date(2024, 2, 6), members=12, women=12, youth=7),
    Applicant(contact="Malika Ait Said", language=FR, phone="+212524476015",
              name="Coopérative Argan Tamanar", form=COOP, registration="ODCO-2008-00112",
              region=Region.MARRAKECH_SAFI, province="Essaouira", sector=Sector.ARGAN,
              founded=datetime.date(2008, 5, 14), members=120, women=118, youth=30),
    Applicant(contact="Fadma Oubaha", language=AR, phone="+212677410362",
              name="Coopérative Asmoun pour le tapis de Chichaoua", form=COOP,
              registration="ODCO-2013-01290",
              region=Region.MARRAKECH_SAFI, province="Chichaoua", sector=Sector.WEAVING,
              founded=datetime.date(2013, 7, 2), members=31, women=31, youth=8),
    Applicant(contact="Yassine Berrada", language=EN, phone="+212661908247",
              name="Atlas Terroirs SARL", form=COMPANY, registration="RC Marrakech 118427",
              region=Region.MARRAKECH_SAFI, province="Marrakech", sector=Sector.SERVICES,
              founded=datetime.date(2022, 9, 19), members=9, women=5, youth=7),
    # Fès-Meknès
    Applicant(contact="Driss El Ouazzani", language=AR, phone="+212667552903",
              name="Coopérative Zitoun Taounate", form=COOP, registration="ODCO-2010-00804",
              region=Region.FES_MEKNES, province="Taounate", sector=Sector.OLIVES,
              founded=datetime.date(2010, 11, 30), members=64, women=18, youth=22),
    Applicant(contact="Hayat Lamrani", language=FR, phone="+212535527718",
              name="Coopérative Al Baraka pour l'huile d'olive", form=COOP,
              registration="ODCO-2016-02055",
              region=Region.FES_MEKNES, province="Meknès", sector=Sector.OLIVES,
              founded=datetime.date(2016, 12, 1), members=27, women=23, youth=9),
    Applicant(contact="Mustapha Amrani", language=FR, phone="+212672649035",
              name="Coopérative laitière Timahdite", form=COOP, registration="ODCO-2019-03877",
              region=Region.FES_MEKNES, province="Ifrane", sector=Sector.DAIRY,
              founded=datetime.date(2019, 6, 11), members=21, women=8, youth=10),
    Applicant(contact="Souad Benkirane", language=FR, phone="+212661447290",
              name="Association Sefrou pour l'artisanat féminin", form=ASSOC,
              registration="Récépissé n° 112/2012 — Sefrou",
              region=Region.FES_MEKNES, province="Sefrou", sector=Sector.CRAFTS,
              founded=datetime.date(2012, 4, 24), members=45, women=45, youth=20),
    # Oriental
    Applicant(contact="Mimoun Boutayeb", language=AR, phone="+212536613842",
              name="Coopérative Zitoun Beni Snassen", form=COOP, registration="ODCO-2015-01652",
              region=Region.ORIENTAL, province="Berkane", sector=Sector.OLIVES,
              founded=datetime.date(2015, 10, 13), members=38, women=10, youth=12),
    Applicant(contact="Fatiha Bouazza", language=FR, phone="+212658120934",
              name="Coopérative Azir Jerada pour les plantes aromatiques", form=COOP,
              registration="ODCO-2020-04790",
              region=Region.ORIENTAL, province="Jerada", sector=Sector.AROMATIC_PLANTS,
              founded=datetime.date(2020, 8, 25), members=26, women=24, youth=14),
    Applicant(contact="Zineb Rahmouni", language=AR, phone="+212669381526",
              name="Coopérative Tighrem pour les dattes de Figuig", form=COOP,
              registration="ODCO-2011-00933",
              region=Region.ORIENTAL, province="Figuig", sector=Sector.DATES,
              founded=datetime.date(2011, 2, 22), members=29, women=24, youth=8),
    # Tanger-Tétouan-Al Hoceïma
    Applicant(contact="Rahma El Khamlichi", language=AR, phone="+212676023851",
              name="Coopérative Jben Chefchaouen", form=COOP, registration="ODCO-2017-02398",
              region=Region.TANGER_TETOUAN_AL_HOCEIMA, province="Chefchaouen",
              sector=Sector.DAIRY,
              founded=datetime.date(2017, 3, 16), members=18, women=16, youth=7),
    Applicant(contact="Nabil Azzouzi", language=FR, phone="+212707315648",
              name="Coopérative Tamaynut pour le miel du Rif", form=COOP,
              registration="ODCO-2021-05306",
              region=Region.TANGER_TETOUAN_AL_HOCEIMA, province="Al Hoceïma",
              sector=Sector.HONEY,
              founded=datetime.date(2021, 5, 4), members=12, women=3, youth=8),
    Applicant(contact="Latifa Bakkali", language=FR, phone="+212539712406",
              name="Association Nissae Tétouan pour la broderie", form=ASSOC,
              registration="Récépissé n° 58/2014 — Tétouan",
              region=Region.TANGER_TETOUAN_AL_HOCEIMA, province="Tétouan", sector=Sector.CRAFTS,
              founded=datetime.date(2014, 1, 27), members=52, women=52, youth=25),
    # Béni Mellal-Khénifra
    Applicant(contact="Hadda Ait Ouakrim", language=AR, phone="+212662794013",
              name="Coopérative Tislit Azilal pour le miel", form=COOP,
              registration="ODCO-2013-01347",
              region=Region.BENI_MELLAL_KHENIFRA, province="Azilal", sector=Sector.HONEY,
              founded=datetime.date(2013, 9, 18), members=23, women=21, youth=6),
    Applicant(contact="Mina Amhaouch", language=AR, phone="+212673158624",
              name="Coopérative Zaïane pour le tissage", form=COOP, registration="ODCO-2018-03121",
              region=Region.BENI_MELLAL_KHENIFRA, province="Khénifra", sector=Sector.WEAVING,
              founded=datetime.date(2018, 2, 14), members=36, women=36, youth=13),
    Applicant(contact="Bouchra Ennaji", language=FR, phone="+212660487319",
              name="Coopérative Al Khair pour le couscous", form=COOP,
              registration="ODCO-2022-06214",
              region=Region.BENI_MELLAL_KHENIFRA, province="Khouribga", sector=Sector.COUSCOUS,
              founded=datetime.date(2022, 10, 3), members=14, women=14, youth=11),
    # Rabat-Salé-Kénitra
    Applicant(contact="Yamna Ouaddi", language=AR, phone="+212537552984",
              name="Coopérative Zemmour pour le tapis", form=COOP, registration="ODCO-2009-00421",
              region=Region.RABAT_SALE_KENITRA, province="Khémisset", sector=Sector.WEAVING,
              founded=datetime.date(2009, 6, 29), members=41, women=40, youth=6),
    Applicant(contact="Imane Chbihi", language=FR, phone="+212644219870",
              name="Coopérative Jil Gharb pour les fruits rouges", form=COOP,
              registration="ODCO-2023-07035",
              region=Region.RABAT_SALE_KENITRA, province="Kénitra", sector=Sector.AGRICULTURE,
              founded=datetime.date(2023, 4, 12), members=11, women=9, youth=10),
    Applicant(contact="Sanaa El Mansouri", language=EN, phone="+212661725438",
              name="Association Tamkine Salé pour l'économie solidaire", form=ASSOC,
              registration="Récépissé n° 204/2016 — Salé",
              region=Region.RABAT_SALE_KENITRA, province="Salé", sector=Sector.SERVICES,
              founded=datetime.date(2016, 7, 7), members=60, women=48, youth=35),
    # Casablanca-Settat
    Applicant(contact="Abdelaziz Chaoui", language=AR, phone="+212523402187",
              name="Coopérative laitière Al Wifaq", form=COOP, registration="ODCO-2008-00087",
              region=Region.CASABLANCA_SETTAT, province="Settat", sector=Sector.DAIRY,
              founded=datetime.date(2008, 9, 22), members=87, women=22, youth=18),
    Applicant(contact="Hind Sabri", language=AR, phone="+212678342519",
              name="Coopérative Doukkala pour le couscous", form=COOP,
              registration="ODCO-2015-01588",
              region=Region.CASABLANCA_SETTAT, province="El Jadida", sector=Sector.COUSCOUS,
              founded=datetime.date(2015, 3, 30), members=19, women=19, youth=5),
    Applicant(contact="Meryem Alaoui", language=EN, phone="+212700684152",
              name="Coopérative Tafilt Benslimane pour les plantes aromatiques", form=COOP,
              registration="ODCO-2024-08163",
              region=Region.CASABLANCA_SETTAT, province="Benslimane",
              sector=Sector.AROMATIC_PLANTS,
              founded=datetime.date(2024, 11, 5), members=9, women=9, youth=7),
    # Guelmim-Oued Noun
    Applicant(contact="Hanane Ait Baamrane", language=FR, phone="+212661380275",
              name="Coopérative Aknari Sidi Ifni", form=COOP, registration="ODCO-2016-02207",
              region=Region.GUELMIM_OUED_NOUN, province="Sidi Ifni", sector=Sector.CACTUS,
              founded=datetime.date(2016, 8, 16), members=30, women=27, youth=12),
    Applicant(contact="Mbarka Ait Lhaj", language=AR, phone="+212528872630",
              name="Coopérative Oasis Tighmert", form=COOP, registration="ODCO-2019-03954",
              region=Region.GUELMIM_OUED_NOUN, province="Guelmim", sector=Sector.DATES,
              founded=datetime.date(2019, 11, 26), members=16, women=12, youth=8),
    Applicant(contact="Mohamed Lamine Boussola", language=AR, phone="+212666915083",
              name="Coopérative Tan-Tan pour le lait de chamelle", form=COOP,
              registration="ODCO-2021-05589",
              region=Region.GUELMIM_OUED_NOUN, province="Tan-Tan", sector=Sector.DAIRY,
              founded=datetime.date(2021, 12, 9), members=13, women=4, youth=7),
    # Laâyoune-Sakia El Hamra
    Applicant(contact="Mariem Ahmed Salem", language=AR, phone="+212661052793",
              name="Coopérative Al Khaima pour l'artisanat sahraoui", form=COOP,
              registration="ODCO-2014-00765",
              region=Region.LAAYOUNE_SAKIA_EL_HAMRA, province="Laâyoune", sector=Sector.CRAFTS,
              founded=datetime.date(2014, 10, 20), members=25, women=25, youth=9),
    Applicant(contact="Fatma Lebsir", language=AR, phone="+212671246805",
              name="Coopérative Smara pour le couscous d'orge", form=COOP,
              registration="ODCO-2023-07418",
              region=Region.LAAYOUNE_SAKIA_EL_HAMRA, province="Es-Semara",
              sector=Sector.COUSCOUS,
              founded=datetime.date(2023, 6, 1), members=10, women=10, youth=6),
    # Dakhla-Oued Ed-Dahab
    Applicant(contact="Khadijatou El Moussaoui", language=FR, phone="+212528897314",
              name="Association Dakhla Océan pour la valorisation des produits de la mer",
              form=ASSOC, registration="Récépissé n° 19/2018 — Dakhla",
              region=Region.DAKHLA_OUED_ED_DAHAB, province="Oued Ed-Dahab", sector=Sector.OTHER,
              founded=datetime.date(2018, 5, 8), members=42, women=38, youth=26),
    Applicant(contact="Sidi Ahmed Lansari", language=AR, phone="+212679604128",
              name="Coopérative Tiris pour l'écotourisme", form=COOP,
              registration="ODCO-2025-08702",
              region=Region.DAKHLA_OUED_ED_DAHAB, province="Aousserd", sector=Sector.SERVICES,
              founded=datetime.date(2025, 3, 17), members=8, women=3, youth=6),
)
# fmt: on

ORGANIZERS = tuple(person.email for person in STAFF if person.is_organizer)
SITE_ADMIN = next(person.email for person in STAFF if person.is_site_admin)


def applicant_email(number: int) -> str:
    return f"coop{number:02d}@demo.ma"


@dataclass
class DemoAccounts:
    """What `seed_accounts()` holds, for the modules that seed calls, applications, juries."""

    users: dict[str, User]
    organizations: dict[str, Organization]
    juror_profiles: dict[str, JurorProfile]
    created: int
    updated: int

    @property
    def organizers(self) -> list[User]:
        return [self.users[email] for email in ORGANIZERS]

    @property
    def site_admin(self) -> User:
        return self.users[SITE_ADMIN]

    @property
    def jurors(self) -> list[User]:
        return [self.users[juror.email] for juror in JURORS]

    @property
    def applicants(self) -> list[User]:
        return [self.users[applicant_email(n)] for n in range(1, len(APPLICANTS) + 1)]


def seed_accounts() -> DemoAccounts:
    """Create the demo people, or put back whatever someone changed in them."""
    users, created, updated = _users_upsert(_user_values())
    _email_addresses_verify(users)
    _privacy_consents_record(users)
    juror_profiles = _juror_profiles_upsert(users)
    organizations = _organizations_save(users)
    return DemoAccounts(users, organizations, juror_profiles, created, updated)


def _user_values() -> dict[str, dict]:
    """The fields of every demo user, by e-mail address; a second run puts these back."""
    values = {
        person.email: _user_fields(
            person.full_name,
            person.language,
            organizer=person.is_organizer,
            site_admin=person.is_site_admin,
        )
        for person in STAFF
    }
    for juror in JURORS:
        values[juror.email] = _user_fields(juror.full_name, juror.language)
    for number, applicant in enumerate(APPLICANTS, start=1):
        values[applicant_email(number)] = _user_fields(applicant.contact, applicant.language)
    return values


def _user_fields(full_name, language, *, organizer=False, site_admin=False) -> dict:
    return {
        "full_name": full_name,
        "language": language,
        "is_organizer": organizer,
        "is_staff": site_admin,
        "is_superuser": site_admin,
        "is_active": True,
    }


def _users_upsert(values: dict[str, dict]) -> tuple[dict[str, User], int, int]:
    existing = {user.email: user for user in User.objects.filter(email__in=list(values))}
    password = _password_hash([user.password for user in existing.values()])
    new, changed = [], []
    for email, fields in values.items():
        fields = {**fields, "password": password}
        user = existing.get(email)
        if user is None:
            new.append(User(email=email, **fields))
        elif any(getattr(user, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(user, name, value)
            changed.append(user)
    User.objects.bulk_create(new)
    User.objects.bulk_update(changed, fields=[*_user_fields("", ""), "password"])
    users = {user.email: user for user in User.objects.filter(email__in=list(values))}
    return {email: users[email] for email in values}, len(new), len(changed)


def _password_hash(current: list[str]) -> str:
    """One hash of the demo password for every account.

    Hashing is slow on purpose (about a third of a second each), so fifty accounts
    share one hash, and a hash that already matches and is up to date is kept.
    """
    if current:
        encoded = Counter(current).most_common(1)[0][0]
        try:
            hasher = identify_hasher(encoded)
        except ValueError:
            hasher = None
        if (
            hasher is not None
            and hasher.algorithm == get_hasher().algorithm
            and not hasher.must_update(encoded)
            and hasher.verify(PASSWORD, encoded)
        ):
            return encoded
    return make_password(PASSWORD)


def _email_addresses_verify(users: dict[str, User]) -> None:
    """Each demo user's address is their only primary one, and verified, so they can log in."""
    demo_users = list(users.values())
    EmailAddress.objects.filter(email__in=list(users)).exclude(user__in=demo_users).delete()
    addresses = {
        (address.user_id, address.email): address
        for address in EmailAddress.objects.filter(user__in=demo_users)
    }
    own_email = {user.pk: email for email, user in users.items()}
    other_primaries = [
        address.pk
        for (user_id, email), address in addresses.items()
        if address.primary and email != own_email[user_id]
    ]
    if other_primaries:
        EmailAddress.objects.filter(pk__in=other_primaries).update(primary=False)
    new, changed = [], []
    for email, user in users.items():
        address = addresses.get((user.pk, email))
        if address is None:
            new.append(EmailAddress(user=user, email=email, verified=True, primary=True))
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            changed.append(address)
    EmailAddress.objects.bulk_update(changed, fields=["verified", "primary"])
    EmailAddress.objects.bulk_create(new)


def _privacy_consents_record(users: dict[str, User]) -> None:
    consented = set(
        PrivacyConsent.objects.filter(
            user__in=users.values(), notice_version=settings.PRIVACY_NOTICE_VERSION
        ).values_list("user_id", flat=True)
    )
    for user in users.values():
        if user.pk not in consented:
            privacy_consent_record(user=user, language=user.language)


def _juror_profiles_upsert(users: dict[str, User]) -> dict[str, JurorProfile]:
    jurors = [users[juror.email] for juror in JURORS]
    existing = {
        profile.user_id: profile for profile in JurorProfile.objects.filter(user__in=jurors)
    }
    new, changed = [], []
    for juror in JURORS:
        user = users[juror.email]
        fields = {
            "expertise_sectors": [str(sector) for sector in juror.sectors],
            "regions": [str(region) for region in juror.regions],
            "languages": [str(language) for language in juror.languages],
        }
        profile = existing.get(user.pk)
        if profile is None:
            new.append(JurorProfile(user=user, **fields))
        elif any(getattr(profile, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(profile, name, value)
            changed.append(profile)
    JurorProfile.objects.bulk_create(new)
    JurorProfile.objects.bulk_update(changed, fields=["expertise_sectors", "regions", "languages"])
    profiles = {
        profile.user_id: profile for profile in JurorProfile.objects.filter(user__in=jurors)
    }
    return {juror.email: profiles[users[juror.email].pk] for juror in JURORS}


def _organizations_save(users: dict[str, User]) -> dict[str, Organization]:
    organizations = {}
    for number, applicant in enumerate(APPLICANTS, start=1):
        owner = users[applicant_email(number)]
        data = applicant.organization_data()
        # The same checks as the profile form, before anything is written.
        Organization(owner_id=owner.pk, **data).full_clean(
            exclude=["owner"], validate_unique=False, validate_constraints=False
        )
        organizations[owner.email] = organization_save(owner=owner, data=data)
    return organizations
