"""The e-mail of one alert: what is new for its subscription since its watermark, in words.

A run mails thousands of subscriptions that share a search and a watermark (every immediate one has the
last run's); their e-mails differ only in the two personal links. So a body is rendered once per search,
label and watermark, with marks where the links go, and each copy gets its own links by replacement.
"""

from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

LISTED = 20  # practices named in one e-mail; the rest are behind the link to the list
# Stand-ins for the personal links in a shared body: characters no template or stored text can contain.
_MANAGE, _UNSUBSCRIBE = "\x00manage\x00", "\x00unsubscribe\x00"


class Composer:
    """Writes the e-mails of one run from what it found new (`news`, see matching.News) and the ids each
    saved search finds among it (`searches`)."""

    def __init__(self, news, searches):
        self.news, self.searches = news, searches
        self._written_once, self._links = {}, {}

    def knows(self, subscription):
        """Whether this run can say what is new for `subscription`: not for a search it did not evaluate
        (one followed after the run read its searches), which the next run takes."""
        followed = subscription.template_id or subscription.document_id or subscription.question_theme_id
        return bool(followed) or subscription.query in self.searches

    def compose(self, subscription):
        """The e-mail (subject, body, to, headers) of what is new for `subscription`; None when nothing is."""
        after = subscription.sent_until
        if subscription.template_id:
            files = [f for f in self.news.files.get(subscription.template.series, ()) if f.first_published_at > after]
            if not files:
                return None
            subject, body = self._written(
                "alerts/email/new_template.txt",
                subscription,
                lambda: _("Nieuwe versie van het sjabloon “%(title)s”") % {"title": subscription.template.title[:80]},
                lambda: {"files": files, "page": settings.SITE_URL + files[-1].practice.get_absolute_url()},
            )
        elif subscription.document_id:
            found = self.news.versions.get(subscription.document_id, ())
            versions = [version for version in found if version.published_at > after]
            if not versions:
                return None
            subject, body = self._written(
                "alerts/email/new_versions.txt",
                subscription,
                lambda: _("Nieuwe versie van “%(title)s”") % {"title": subscription.document.title[:80]},
                lambda: {"versions": versions},
            )
        elif subscription.question_theme_id:
            found = self.news.clarifications.get(subscription.question_theme_id, ())
            versions = [version for version in found if version.published_at > after]
            if not versions:
                return None
            subject, body = self._written(
                "alerts/email/new_clarifications.txt",
                subscription,
                lambda: _("Verduidelijkingen over %(theme)s") % {"theme": subscription.question_theme.name[:80]},
                lambda: {"versions": versions},
            )
        else:
            matching = self.searches.get(subscription.query, ())
            new = [p for p in self.news.practices if p.pk in matching and p.first_published_at > after]
            if not new:
                return None
            subject, body = self._written(
                "alerts/email/new_practices.txt",
                subscription,
                lambda: _("Nieuwe praktijkvoorbeelden: %(label)s") % {"label": subscription.label[:80]},
                lambda: {
                    "practices": new[:LISTED],
                    "total": len(new),
                    "more": max(0, len(new) - LISTED),
                    "list_url": settings.SITE_URL
                    + reverse("catalogue:list")
                    + (f"?{subscription.query}" if subscription.query else ""),
                },
            )
        unsubscribe = self._link("alerts:unsubscribe", subscription.unsubscribe_token)
        manage = self._link("alerts:manage", subscription.subscriber.manage_token)
        return {
            "subject": subject,
            "body": body.replace(_MANAGE, manage).replace(_UNSUBSCRIBE, unsubscribe),
            "to": [subscription.subscriber.email],
            # RFC 8058: a mail program may offer a one-click unsubscribe, sent as a POST to this address.
            "headers": {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        }

    def _link(self, name, token):
        """The address of a personal link: the URL resolver asked once per run, not once per e-mail."""
        if name not in self._links:
            before, after = reverse(name, args=["x"]).rsplit("x", 1)  # the token is the last part of the path
            self._links[name] = (settings.SITE_URL + before, after)
        before, after = self._links[name]
        return before + quote(token, safe=":") + after

    def _written(self, template, subscription, subject, context):
        """(subject, body with the marks for the personal links), written once for every subscription that
        follows the same thing, under the same label, from the same watermark."""
        target = (
            subscription.template_id
            or subscription.document_id
            or (subscription.question_theme_id and f"theme:{subscription.question_theme_id}")
            or subscription.query
        )
        key = (template, target, subscription.label, subscription.sent_until)
        if key not in self._written_once:
            found = context()
            found.update(
                subscription=subscription, site_url=settings.SITE_URL, manage_url=_MANAGE, unsubscribe_url=_UNSUBSCRIBE
            )
            self._written_once[key] = (subject(), render_to_string(template, found))
        return self._written_once[key]
