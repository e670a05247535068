"""Administration screens for guidance documents, read-only where a version is published."""

from django.contrib import admin

from vlaanderenhelpt.admin import ReadOnlyAdmin

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
class GuidanceDocumentAdmin(ReadOnlyAdmin):
    """Read here; written through the editors' screens (a changed slug would break permanent addresses)."""

    list_display = ["title", "slug", "withdrawn_at"]
    search_fields = ["title"]


@admin.register(GuidanceVersion)
class GuidanceVersionAdmin(ReadOnlyAdmin):
    """Versions are read here; drafts are written and published through the services only."""

    list_display = ["document", "number", "published_at", "is_major"]
    inlines = [SectionInline]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    """Read-only: suggestions are triaged at /redactie/suggesties/."""

    list_display = ["document", "section_title", "status", "organisation_type", "created_at"]
    list_filter = ["status", "organisation_type"]
    exclude = ["token_hash"]
