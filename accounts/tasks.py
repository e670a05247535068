"""E-mail is sent outside the request, through Django's tasks framework."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(*, subject, body, to, html=None):
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
