"""Admin pieces shared by the apps."""

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .mail import send_email
from .models import PeriodicRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Content that changes only through the service functions: here it can be read, not changed."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def in_use(obj):
    """Whether any row anywhere refers to obj: a many-to-many link (hidden ones included) or a foreign key."""
    model = type(obj)
    for relation in model._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        if relation.many_to_many:
            through = relation.through
            link = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
            if through._base_manager.filter(**{link.name: obj.pk}).exists():
                return True
        elif (
            relation.one_to_many
            and relation.related_model._base_manager.filter(**{relation.field.name: obj.pk}).exists()
        ):
            return True
    return False


class KeepWhileUsedAdmin(admin.ModelAdmin):
    """Reference values that published content carries: deleting one would silently rewrite what was
    published, so a value in use cannot be deleted (retire it instead), and there is no bulk delete."""

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not in_use(obj))

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions


class TaskResultAdmin(DBTaskResultAdmin):
    """The task queue, read-only, with one action: send again an e-mail whose last try failed."""

    actions = ["send_again"]

    @admin.action(description=gettext_lazy("Mislukte e-mails opnieuw versturen"))
    def send_again(self, request, queryset):
        sent = 0
        for result in queryset.failed().filter(task_path=send_email.module_path):
            kwargs = {**result.args_kwargs["kwargs"], "attempt": 1}
            send_email.enqueue(*result.args_kwargs["args"], **kwargs)
            sent += 1
        self.message_user(request, _("%(n)d e-mail(s) opnieuw in de wachtrij gezet.") % {"n": sent})


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    """When each periodic job last ran, and how it ended."""

    list_display = ["job", "started_at", "finished_at", "succeeded"]
