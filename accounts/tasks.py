"""E-mail is sent outside the request, through Django's tasks framework."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.defaultfilters import linebreaks, urlize


def as_html(body):
    """The HTML part of a plain-text e-mail: paragraphs and clickable links, everything escaped."""
    return f'<!doctype html><html lang="nl"><body style="font-family: Arial, sans-serif">{linebreaks(urlize(body, autoescape=True))}</body></html>'


@task()
def send_email(*, subject, body, to, html=None):
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    message.attach_alternative(html or as_html(body), "text/html")
    message.send()
