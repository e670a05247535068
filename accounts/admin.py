"""Administration screens for users, local governments, invitations and access decisions."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from vlaanderenhelpt.admin import ReadOnlyAdmin

from .models import AccountDecision, LocalGovernment, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["local_government"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoonsgegevens"), {"fields": ["full_name", "function", "notify_new_submissions"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "nis_code", "province", "population", "is_active"]
    list_filter = ["kind", "province", "is_active"]
    search_fields = ["name", "nis_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successor"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "local_government", "created_at"]
    search_fields = ["user__email", "local_government__name"]
    autocomplete_fields = ["user", "local_government"]


@admin.register(AccountDecision)
class AccountDecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "email", "local_government", "actor"]
    list_filter = ["action"]
    search_fields = ["email"]
