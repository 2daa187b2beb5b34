from django.contrib import admin

from notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "to_email",
        "language",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "language", "template"]
    search_fields = ["to_email", "subject"]
    readonly_fields = [field.name for field in Message._meta.fields]
