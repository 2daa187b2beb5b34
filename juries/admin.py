"""The admin site, for site admins' repairs. Organizers use the back-office
(`juries.views.manage`), whose services keep one chair per jury, freeze a round's grid
once an evaluation is submitted and send invitations and reminders; the admin shows
those rows and lets site admins fix them, and is read-only where a change would bypass
the history (assignments, evaluations, scores, reminders)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from juries.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Evaluation,
    JurorProfile,
    Jury,
    JuryInvitation,
    JuryMember,
    Reminder,
    Score,
)


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    fields = ["user", "role", "max_assignments", "is_active", "joined_at"]
    raw_id_fields = ["user"]


class JuryInvitationInline(admin.TabularInline):
    model = JuryInvitation
    extra = 0
    fields = ["email", "role", "max_assignments", "created_at", "accepted_at", "declined_at"]
    readonly_fields = ["created_at", "accepted_at", "declined_at"]


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    list_display = ["call", "round", "deadline", "jurors_per_application"]
    list_select_related = ["call", "round"]
    list_filter = ["call"]
    readonly_fields = ["call", "round"]
    inlines = [JuryMemberInline, JuryInvitationInline]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []


@admin.register(JurorProfile)
class JurorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]


@admin.register(Criterion)
class CriterionAdmin(TranslationAdmin):
    list_display = ["label", "round", "position", "weight", "min_score", "max_score"]
    list_select_related = ["round__call"]
    list_filter = ["round__call"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["juror", "organization", "application", "declared_at"]
    search_fields = ["juror__email", "organization__name", "application__reference"]
    raw_id_fields = ["juror", "organization", "application"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "member", "jury", "source", "created_at"]
    list_select_related = ["application", "member__user", "jury__call", "jury__round"]
    list_filter = ["source", "jury__call"]
    search_fields = ["application__reference", "member__user__email"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "value", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "status", "updated_at", "submitted_at"]
    list_select_related = ["assignment__application", "assignment__member__user"]
    list_filter = ["status"]
    inlines = [ScoreInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["member", "occasion", "sent_at", "sent_by"]
    list_select_related = ["member__user", "sent_by"]
    search_fields = ["occasion", "member__user__email"]
