from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from calls.models import Call


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "kind", "opens_at", "closes_at", "is_published"]
    list_filter = ["kind", "is_published"]
    prepopulated_fields = {"slug": ["title_fr"]}
    filter_horizontal = ["organizers"]
