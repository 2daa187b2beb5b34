"""The admin site, for site admins' repairs. Organizers use the back-office
(`calls.views.manage`), whose services enforce the form lock; here, once applications
have been submitted, questions keep their kind, choices and file types and cannot be
deleted either."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round, Step

LOCKED_QUESTION_FIELDS = ["kind", "choices", "file_types"]


class EligibilityRuleInline(TranslationTabularInline):
    model = EligibilityRule
    extra = 0
    fields = ["position", "kind", "choices", "number", "statement", "explanation"]


class StepInline(TranslationTabularInline):
    model = Step
    extra = 0
    fields = ["position", "title"]
    show_change_link = True


class PrizeCategoryInline(TranslationTabularInline):
    model = PrizeCategory
    extra = 0
    fields = ["rank", "label", "amount_mad", "count"]


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["position", "kind"]


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "kind", "opens_at", "closes_at", "is_published", "form_locked_at"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "slug", "reference_prefix"]
    prepopulated_fields = {"slug": ["title_fr"]}
    filter_horizontal = ["organizers"]
    readonly_fields = ["form_locked_at", "duplicated_from"]
    inlines = [EligibilityRuleInline, StepInline, PrizeCategoryInline, RoundInline]


def _form_locked(question_or_step) -> bool:
    step = question_or_step if isinstance(question_or_step, Step) else question_or_step.step
    return step.call.form_locked_at is not None


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "label", "required", "word_limit", "choices", "file_types"]

    def get_readonly_fields(self, request, obj=None):
        return LOCKED_QUESTION_FIELDS if obj and _form_locked(obj) else []

    def has_add_permission(self, request, obj=None):
        # Once locked, new questions are added in the back-office (optional ones only).
        return not (obj and _form_locked(obj)) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _form_locked(obj)) and super().has_delete_permission(request, obj)


@admin.register(Step)
class StepAdmin(TranslationAdmin):
    list_display = ["title", "call", "position"]
    list_filter = ["call"]
    list_select_related = ["call"]
    inlines = [QuestionInline]

    def has_delete_permission(self, request, obj=None):
        locked = obj and _form_locked(obj) and obj.questions.exists()
        return not locked and super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["label", "kind", "required", "step"]
    list_filter = ["kind", "step__call"]
    list_select_related = ["step"]
    search_fields = ["label"]

    def get_readonly_fields(self, request, obj=None):
        return LOCKED_QUESTION_FIELDS if obj and _form_locked(obj) else []

    def has_delete_permission(self, request, obj=None):
        return not (obj and _form_locked(obj)) and super().has_delete_permission(request, obj)
