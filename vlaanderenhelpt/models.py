"""Model pieces shared by the apps."""

from django.db import models


class ImmutableRecordError(TypeError):
    """A write that the record refuses: it was published or decided, and stays as it was."""


class AppendOnlyQuerySet(models.QuerySet):
    """A record that is never changed or deleted, not even in bulk."""

    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model.__name__} rows are never changed.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model.__name__} rows are never deleted.")


class AppendOnlyModel(models.Model):
    """An audit record: written once, never changed or deleted (every decision, every account event)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"{type(self).__name__} rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{type(self).__name__} rows are never deleted.")
