"""Administration of questions: the themes and the reusable answers are kept here; questions,
clarifications and their decisions are read here only (they change through the desk's and the editors'
screens)."""

from django.contrib import admin

from practices.admin import TaxonomyAdmin
from vlaanderenhelpt.admin import ReadOnlyAdmin

from .models import CannedAnswer, Clarification, ClarificationDecision, Question, QuestionDecision, QuestionTheme

admin.site.register(QuestionTheme, TaxonomyAdmin)  # like the practices' reference lists: retired, not deleted


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "updated_at"]
    search_fields = ["title", "text"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "local_government", "status", "due_on"]
    list_filter = ["status", "theme"]
    search_fields = ["reference", "title"]


@admin.register(QuestionDecision)
class QuestionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["question", "action", "from_state", "to_state", "actor", "created_at"]


@admin.register(Clarification)
class ClarificationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "theme", "last_published_at", "review_since"]
    list_filter = ["theme"]


@admin.register(ClarificationDecision)
class ClarificationDecisionAdmin(ReadOnlyAdmin):
    list_display = ["clarification", "action", "from_state", "to_state", "actor", "created_at"]
