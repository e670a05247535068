from django.contrib import admin

from .models import GuidanceDocument, GuidanceVersion, Section, Suggestion


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["position", "title", "anchor"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GuidanceDocument)
class GuidanceDocumentAdmin(admin.ModelAdmin):
    """Read here; written through the editors' screens (a changed slug would break permanent addresses)."""

    list_display = ["title", "slug", "withdrawn_at"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GuidanceVersion)
class GuidanceVersionAdmin(admin.ModelAdmin):
    """Versions are read here; drafts are written and published through the services only."""

    list_display = ["document", "number", "published_at", "is_major"]
    inlines = [SectionInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Read-only: suggestions are triaged at /redactie/suggesties/."""

    list_display = ["document", "section_title", "status", "organisation_type", "created_at"]
    list_filter = ["status", "organisation_type"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
