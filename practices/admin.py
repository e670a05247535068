"""Administration screens for practices, their reference lists and decisions (read-only)."""

from django.contrib import admin
from taggit import admin as taggit_admin
from taggit.models import Tag

from vlaanderenhelpt import generation
from vlaanderenhelpt.admin import KeepWhileUsedAdmin, ReadOnlyAdmin

from .models import Attachment, Decision, Phase, Practice, PracticeVersion, ProblemReport, TargetGroup, Theme


class TaxonomyAdmin(KeepWhileUsedAdmin):
    list_display = ["name", "slug", "position", "retired"]
    list_editable = ["position", "retired"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        generation.changed()  # facet names and counts are cached per generation


admin.site.register(Theme, TaxonomyAdmin)
admin.site.register(Phase, TaxonomyAdmin)
admin.site.register(TargetGroup, TaxonomyAdmin)


class TagAdmin(KeepWhileUsedAdmin, taggit_admin.TagAdmin):
    """A tag on a live practice cannot be deleted here: its approved version still lists it."""


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["created_at", "action", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "local_government", "status", "last_published_at"]
    list_filter = ["status", "kind", "themes"]
    search_fields = ["title", "slug", "local_government__name"]
    inlines = [DecisionInline]


@admin.register(PracticeVersion)
class PracticeVersionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "number", "created_by", "created_at", "submitted_at"]
    search_fields = ["title", "practice__slug"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "action", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["action"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "practice", "original_name", "size", "created_at"]


@admin.register(ProblemReport)
class ProblemReportAdmin(ReadOnlyAdmin):
    list_display = ["practice", "kind", "created_at", "closed_at", "closed_by"]
    list_filter = ["kind"]
