import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.enums import LegalForm, Region, Sector
from accounts.models import Organization, User
from calls.enums import CallKind, QuestionKind, RuleKind
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Step
from juries.models import JurorProfile

PASSWORD = "demo-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.ma")
    full_name = factory.Faker("name", locale="fr_FR")
    language = "fr"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """Users can log in unless built with `verified=False`."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class OrganizerFactory(UserFactory):
    is_organizer = True


class SiteAdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Coopérative Tifawin {n}")
    legal_form = LegalForm.COOPERATIVE
    registration_number = factory.Sequence(lambda n: f"ODCO-{2020 + n % 6}-{n:05d}")
    region = Region.SOUSS_MASSA
    province = "Taroudant"
    sector = Sector.ARGAN
    founded_on = datetime.date(2019, 3, 14)
    members_count = 24
    women_members_count = 20
    youth_members_count = 9
    contact_phone = "+212612345678"


class JurorFactory(UserFactory):
    @factory.post_generation
    def juror_profile(user, create, extracted, **kwargs):
        if create:
            JurorProfile.objects.create(user=user, expertise_sectors=[Sector.ARGAN])


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"appel-{n}")
    kind = CallKind.PRIZE
    title_fr = factory.Sequence(lambda n: f"Prix des coopératives {n}")
    title_ar = factory.Sequence(lambda n: f"جائزة التعاونيات {n}")
    title_en = factory.Sequence(lambda n: f"Cooperatives prize {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    is_published = True
    reference_prefix = "TST"

    @factory.post_generation
    def organizers(call, create, extracted, **kwargs):
        if create and extracted:
            call.organizers.add(*extracted)


class EligibilityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityRule

    call = factory.SubFactory(CallFactory)
    kind = RuleKind.LEGAL_FORM_IN
    choices = factory.LazyFunction(lambda: [LegalForm.COOPERATIVE])
    position = factory.Sequence(int)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(int)
    title_fr = factory.Sequence(lambda n: f"Étape {n}")
    title_ar = factory.Sequence(lambda n: f"المرحلة {n}")
    title_en = factory.Sequence(lambda n: f"Step {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    step = factory.SubFactory(StepFactory)
    position = factory.Sequence(int)
    kind = QuestionKind.SHORT_TEXT
    label_fr = factory.Sequence(lambda n: f"Question {n}")
    label_ar = factory.Sequence(lambda n: f"السؤال {n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    required = True


class PrizeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrizeCategory

    call = factory.SubFactory(CallFactory)
    label_fr = "Premier prix"
    label_ar = "الجائزة الأولى"
    label_en = "First prize"
    rank = 1
    amount_mad = 100_000
