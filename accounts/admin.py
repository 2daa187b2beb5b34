from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, PrivacyConsent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_organizer", "is_staff", "is_active"]
    list_filter = ["is_organizer", "is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language"]}),
        (
            _("Roles"),
            {"fields": ["is_active", "is_organizer", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "region", "sector", "members_count", "owner"]
    list_filter = ["legal_form", "region", "sector"]
    search_fields = ["name", "registration_number", "owner__email"]
    raw_id_fields = ["owner"]


@admin.register(PrivacyConsent)
class PrivacyConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "notice_version", "language", "accepted_at"]
    readonly_fields = ["user", "notice_version", "language", "accepted_at"]
