"""Django's error e-mail to the administrators, queued like every other e-mail."""

from django.conf import settings
from django.utils.log import AdminEmailHandler


class QueuedAdminEmailHandler(AdminEmailHandler):
    """Django's error e-mail to ADMINS, sent through the task queue instead of inside the failing request."""

    def send_mail(self, subject, message, *args, **kwargs):
        # Imported here, not at the top: logging is configured before the models (which mail uses) load.
        from .mail import queue_email

        if settings.ADMINS:
            queue_email(subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", body=message, to=list(settings.ADMINS))
