"""The retention of questions: a question is personal data of its asker, so a closed thread is deleted
QUESTION_RETENTION_YEARS after it closed, its files with it. What remains (reference, theme, government, dates, states and
decisions) feeds the figures and names nobody."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Message, Question, QuestionAttachment

BATCH = 1000


def forget_closed(now=None):
    """Delete the threads closed longer ago than the retention period; returns how many were deleted."""
    now = now or timezone.now()
    years = settings.QUESTION_RETENTION_YEARS
    try:
        cutoff = now.replace(year=now.year - years)
    except ValueError:  # 29 February, in a year without one
        cutoff = now.replace(year=now.year - years, day=28)
    due = Question.objects.filter(closed_at__lt=cutoff, forgotten_at__isnull=True).order_by("pk")
    forgotten = 0
    while True:
        with transaction.atomic():
            batch = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
            if not batch:
                return forgotten
            for attachment in QuestionAttachment.objects.filter(question__in=batch):
                attachment.file.delete(save=False)  # the stored file too, not only its row
            QuestionAttachment.objects.filter(question__in=batch).delete()
            Message.objects.filter(question__in=batch).delete()
            forgotten += Question.objects.filter(pk__in=batch).update(
                title=_("(gewist na de bewaartermijn)"), text="", asked_by=None, needed_by=None, forgotten_at=now
            )
