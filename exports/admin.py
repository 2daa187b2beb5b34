from django.contrib import admin

from exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """Read-only: for site admins looking into an export that failed."""

    list_display = ["kind", "call", "requested_by", "status", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["call__slug", "requested_by__email"]
    list_select_related = ["call", "requested_by"]
    readonly_fields = [field.name for field in Export._meta.fields]

    def has_add_permission(self, request):
        return False
