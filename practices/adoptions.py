"""Every change to an adoption ("wij namen dit over"): recorded by an official, accepted or declined by an
editor. Each step is an AdoptionDecision row; the e-mails go after commit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vlaanderenhelpt import generation
from vlaanderenhelpt.errors import DomainError, already_decided
from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.permissions import MODERATE_PRACTICE
from vlaanderenhelpt.text import clean_multiline
from vlaanderenhelpt.workflow import NO_STATE

from .models import Adoption, AdoptionDecision, Practice

NOTE_LENGTH = 1000
State, Action, WORKFLOW = Adoption.State, Adoption.Action, Adoption.WORKFLOW


class AdoptionError(DomainError):
    """A refused change to an adoption, with the message to show."""

    pass


def adopting_governments(user, practice):
    """The user's governments that may say they took `practice` over: not its own, not a partner."""
    taken = set(practice.adoptions.exclude(state=State.DECLINED).values_list("local_government", flat=True))
    excluded = {practice.local_government_id, *practice.partners.values_list("pk", flat=True), *taken}
    governments = [m.local_government for m in user.memberships.select_related("local_government")]
    return [g for g in governments if g.pk not in excluded and g.is_active]


@transaction.atomic
def record(*, practice, local_government, author, way, adopted_on, note="", own_practice=None, at=None):
    """An official says their government took a practice over; the editors are told."""
    at = at or timezone.now()
    if not Practice.objects.published().filter(pk=practice.pk).exists():
        raise AdoptionError(_("Dit praktijkvoorbeeld is niet (meer) online."))
    if not author.memberships.filter(local_government=local_government).exists():
        raise AdoptionError(_("U kunt dit alleen melden voor een bestuur waarvoor u werkt."))
    if local_government.pk == practice.local_government_id or practice.partners.filter(pk=local_government.pk).exists():
        raise AdoptionError(_("Dit is een praktijkvoorbeeld van uw eigen bestuur."))
    if way not in Adoption.Way.values:
        raise AdoptionError(_("Kies of u het ongewijzigd of aangepast overnam."))
    if adopted_on > timezone.localdate(at):
        raise AdoptionError(_("De datum ligt in de toekomst."))
    if own_practice is not None and (
        own_practice.local_government_id != local_government.pk
        or not Practice.objects.published().filter(pk=own_practice.pk).exists()
    ):
        raise AdoptionError(_("Kies een gepubliceerd praktijkvoorbeeld van uw eigen bestuur."))
    note = clean_multiline(note or "")[:NOTE_LENGTH]
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                practice=practice,
                local_government=local_government,
                way=way,
                adopted_on=adopted_on,
                note=note,
                own_practice=own_practice,
                submitted_by=author,
                created_at=at,
            )
    except IntegrityError:
        raise AdoptionError(_("%(name)s meldde al dat het dit overnam.") % {"name": local_government.name}) from None
    _decide(adoption, Action.SUBMIT, author, NO_STATE, at=at)
    mail_after_commit(
        template="practices/email/adoption_submitted.txt",
        subject=_("Nieuwe overname: %(title)s") % {"title": practice.title[:100]},
        recipients=list(get_user_model().objects.notified_editors().values_list("email", flat=True)),
        context={"adoption": adoption, "link": settings.SITE_URL + reverse("editors:adoption", args=[adoption.pk])},
    )
    return adoption


@transaction.atomic
def approve(*, adoption, editor, at=None):
    """An editor accepts an adoption: it shows on the practice, whose government hears of it."""
    adoption = _locked(adoption, editor, Action.APPROVE)
    at = at or timezone.now()
    _decide(adoption, Action.APPROVE, editor, adoption.state, at=at)
    adoption.state, adoption.decided_at = WORKFLOW.target(Action.APPROVE, adoption.state), at
    adoption.save(update_fields=["state", "decided_at"])
    generation.changed()  # the practice pages, the sort "meest overgenomen", the open data
    practice = adoption.practice
    members = get_user_model().objects.members_of(practice.local_government)
    mail_after_commit(
        template="practices/email/adoption_published.txt",
        subject=_("%(name)s nam uw praktijkvoorbeeld over") % {"name": adoption.local_government.name},
        recipients=[user.email for user in members],
        context={"adoption": adoption, "link": settings.SITE_URL + practice.get_absolute_url()},
    )
    return adoption


@transaction.atomic
def decline(*, adoption, editor, reason, at=None):
    """An editor declines an adoption, with the reason its author reads."""
    reason = clean_multiline(reason or "")
    if not reason:
        raise AdoptionError(_("Schrijf waarom de overname niet gepubliceerd wordt."))
    adoption = _locked(adoption, editor, Action.DECLINE)
    at = at or timezone.now()
    _decide(adoption, Action.DECLINE, editor, adoption.state, reason=reason, at=at)
    adoption.state, adoption.decided_at = WORKFLOW.target(Action.DECLINE, adoption.state), at
    adoption.save(update_fields=["state", "decided_at"])
    mail_after_commit(
        template="practices/email/adoption_declined.txt",
        subject=_("Uw melding van een overname werd niet gepubliceerd"),
        recipients=[adoption.submitted_by.email],
        context={
            "adoption": adoption,
            "reason": reason,
            "link": settings.SITE_URL + adoption.practice.get_absolute_url(),
        },
    )
    return adoption


def _locked(adoption, editor, action):
    if not editor.has_perm(MODERATE_PRACTICE):
        raise AdoptionError(_("Alleen de redactie beslist over overnames."))
    adoption = Adoption.objects.select_for_update().select_related("practice", "local_government").get(pk=adoption.pk)
    if not WORKFLOW.allows(action, adoption.state):
        last = AdoptionDecision.last_of(adoption.decisions)
        raise AdoptionError(already_decided(who=last.actor, when=last.created_at, outcome=adoption.get_state_display()))
    return adoption


def _decide(adoption, action, actor, from_state, *, reason="", at):
    """Record `action` on `adoption`, from `from_state` to the state the workflow takes it to."""
    AdoptionDecision.record(WORKFLOW, action, from_state, adoption=adoption, actor=actor, reason=reason, created_at=at)
