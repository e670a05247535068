"""Model pieces shared by the apps."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class SentEmail(models.Model):
    """The Message-ID of every e-mail a mail server accepted, written the moment it accepted it. A task
    run again for the same e-mail (its worker was killed before it could record success) finds it here
    and does not send it twice."""

    message_id = models.CharField(max_length=255, unique=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)  # prune reads the oldest

    class Meta:
        verbose_name = _("verstuurde e-mail")
        verbose_name_plural = _("verstuurde e-mails")

    def __str__(self):
        return self.message_id


class PeriodicRun(models.Model):
    """When each periodic job last started and finished, and whether it succeeded: what `run_periodic`
    reads to know what is due, and what an operator reads to see that the work goes on."""

    job = models.CharField(max_length=100, unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)  # None while it runs

    class Meta:
        verbose_name = _("periodieke taak")
        verbose_name_plural = _("periodieke taken")

    def __str__(self):
        return self.job
