from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
    _user_has_perm,
)
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language, LegalForm, Region, Sector
from accounts.validators import validate_moroccan_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language for e-mails"),
        max_length=2,
        choices=Language.choices,
        default=Language.FRENCH,
        help_text=_(
            "The messages of the portal are written in this language, whatever the language "
            "of the pages you read."
        ),
    )
    is_organizer = models.BooleanField(
        _("organizer"),
        default=False,
        help_text=_("May create calls and run the calls they are named organizer of."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def has_perm(self, perm, obj=None):
        """No blanket pass for superusers: the rules decide, and name site admins where
        they may act (a site admin is not a juror). Django's model permissions still
        grant them the admin site."""
        return self.is_active and _user_has_perm(self, perm, obj)

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class PrivacyConsent(models.Model):
    """A user's consent to a version of the privacy notice (Moroccan law 09-08)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="privacy_consents")
    notice_version = models.CharField(_("notice version"), max_length=20)
    language = models.CharField(max_length=2, choices=Language.choices)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "notice_version"], name="privacy_consent_once_per_version"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.notice_version}"


class Organization(models.Model):
    """The profile of an applicant: a cooperative, association, company or informal group."""

    owner = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="organization", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    registration_number = models.CharField(
        _("registration number"),
        max_length=60,
        blank=True,
        help_text=_("For example the number given by the trade register or the ODCO."),
    )
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    province = models.CharField(_("province or prefecture"), max_length=100)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    founded_on = models.DateField(_("founding date"))
    members_count = models.PositiveIntegerField(_("members"))
    women_members_count = models.PositiveIntegerField(_("women members"))
    youth_members_count = models.PositiveIntegerField(
        _("young members"), help_text=_("Members aged 18 to 35.")
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=16, validators=[validate_moroccan_phone]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(women_members_count__lte=F("members_count")),
                name="organization_women_within_members",
            ),
            models.CheckConstraint(
                condition=Q(youth_members_count__lte=F("members_count")),
                name="organization_youth_within_members",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def women_share(self):
        """Share of women among members, in percent (None without members)."""
        if not self.members_count:
            return None
        return round(100 * self.women_members_count / self.members_count, 1)
