"""Every write to accounts data goes through these functions."""

import csv
import datetime
import secrets
from pathlib import Path

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vlaanderenhelpt.errors import DomainError, already_decided
from vlaanderenhelpt.mail import mail_after_commit
from vlaanderenhelpt.permissions import MANAGE_ACCESS
from vlaanderenhelpt.tokens import token_hash
from vlaanderenhelpt.workflow import NO_STATE

from .models import (
    ACCESS_WORKFLOW,
    INVITATION_WORKFLOW,
    AccessRequest,
    AccountAction,
    AccountDecision,
    Invitation,
    LocalGovernment,
    Membership,
    User,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCES = {
    "Antwerpen": "10000",
    "Vlaams-Brabant": "20001",
    "West-Vlaanderen": "30000",
    "Oost-Vlaanderen": "40000",
    "Limburg": "70000",
}


def _read(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_local_governments():
    """Load the 5 provinces, the 285 municipalities of 2025 and the 27 that ceased on 1 January 2025.

    Idempotent: runs again without creating duplicates and corrects changed names or figures.
    Returns a dict of counts.
    """
    provinces = {}
    for name, nis in PROVINCES.items():
        provinces[name], _ = LocalGovernment.objects.update_or_create(
            nis_code=nis,
            defaults={"name": name, "slug": f"provincie-{slugify(name)}", "kind": LocalGovernment.Kind.PROVINCE},
        )

    current = {}
    for row in _read("flemish_municipalities_2025.csv"):
        current[row["nis_code"]], _ = LocalGovernment.objects.update_or_create(
            nis_code=row["nis_code"],
            defaults={
                "name": row["name_nl"],
                "slug": slugify(row["name_nl"]),
                "kind": LocalGovernment.Kind.MUNICIPALITY,
                "province": provinces[row["province"]],
                "population": int(row["population_2020"]),
                "is_active": True,
                "successor": None,
            },
        )

    taken = set(LocalGovernment.objects.filter(nis_code__in=current).values_list("slug", flat=True))
    ceased = 0
    for row in _read("flemish_municipalities_2019_2024.csv"):
        if row["nis_code"] == row["successor_2025_nis"]:
            continue
        slug = slugify(row["name_nl"])
        if slug in taken:  # e.g. the old Hasselt code: the name belongs to the new municipality
            slug = f"{slug}-{row['nis_code']}"
        LocalGovernment.objects.update_or_create(
            nis_code=row["nis_code"],
            defaults={
                "name": row["name_nl"],
                "slug": slug,
                "kind": LocalGovernment.Kind.MUNICIPALITY,
                "province": provinces[row["province"]],
                "population": int(row["population_2020"]),
                "is_active": False,
                "successor": current[row["successor_2025_nis"]],
            },
        )
        ceased += 1
    return {"provinces": len(provinces), "municipalities": len(current), "ceased": ceased}


def set_notifications(*, user, new_submissions):
    """An editor chooses whether new submissions reach them by e-mail."""
    user.notify_new_submissions = new_submissions
    user.save(update_fields=["notify_new_submissions"])


INVITATION_DAYS = 7


class AccessError(DomainError):
    """A refused change to invitations or access requests."""


def _mail_after_commit(*, template, subject, to, context):
    mail_after_commit(template=f"accounts/email/{template}.txt", subject=subject, recipients=[to], context=context)


def can_manage_access(user):
    """Whether `user` may invite users and decide on access requests."""
    return user.has_perm(MANAGE_ACCESS)


@transaction.atomic
def invite(*, editor, email, local_government):
    """Send a single-use link, valid for a week, to join a local government."""
    if not can_manage_access(editor):
        raise AccessError(_("Alleen de redactie kan uitnodigen."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        local_government=local_government,
        token_hash=token_hash(token),
        invited_by=editor,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    AccountDecision.record(
        INVITATION_WORKFLOW,
        AccountAction.INVITE,
        NO_STATE,
        actor=editor,
        email=invitation.email,
        local_government=local_government,
    )
    _mail_after_commit(
        template="invitation",
        subject=_("Uitnodiging voor Vlaanderen helpt"),
        to=invitation.email,
        context={"invitation": invitation, "path": reverse("accept_invitation", args=[token])},
    )
    return invitation


def find_invitation(token):
    """The invitation for a token and what is wrong with it: (invitation or None, problem or "")."""
    invitation = Invitation.objects.select_related("local_government").filter(token_hash=token_hash(token)).first()
    if invitation is None:
        return None, _("Deze uitnodiging bestaat niet. Controleer de link in uw e-mail.")
    if invitation.accepted_at is not None:
        return invitation, _("Deze uitnodiging werd al gebruikt. Meld u aan met uw e-mailadres en wachtwoord.")
    if invitation.expires_at < timezone.now():
        return invitation, _("Deze uitnodiging is verlopen. Vraag de redactie om een nieuwe uitnodiging.")
    return invitation, ""


@transaction.atomic
def accept_invitation(*, token, full_name, password):
    """Accept an invitation: the user is made (or found by address), given the password and the membership."""
    invitation, problem = find_invitation(token)
    if problem:
        raise AccessError(problem)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    from_state = invitation.state
    if not INVITATION_WORKFLOW.allows(AccountAction.ACCEPT_INVITATION, from_state):  # accepted in another tab
        raise AccessError(_("Deze uitnodiging werd al gebruikt."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    else:
        user.full_name = full_name or user.full_name
        user.set_password(password)
        user.save(update_fields=["full_name", "password"])
    Membership.objects.get_or_create(user=user, local_government=invitation.local_government)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    AccountDecision.record(
        INVITATION_WORKFLOW,
        AccountAction.ACCEPT_INVITATION,
        from_state,
        actor=user,
        email=user.email,
        local_government=invitation.local_government,
    )
    return user


@transaction.atomic
def request_access(*, full_name, email, function, local_government, motivation):
    """Record an access request (the view keeps the rate limit)."""
    access_request = AccessRequest.objects.create(
        full_name=full_name,
        email=email.strip().lower(),
        function=function,
        local_government=local_government,
        motivation=motivation,
    )
    AccountDecision.record(
        ACCESS_WORKFLOW,
        AccountAction.REQUEST_ACCESS,
        NO_STATE,
        email=access_request.email,
        local_government=local_government,
    )
    return access_request


@transaction.atomic
def decide_access_request(*, access_request, editor, approve, reason=""):
    """Approve (the requester gets a link to set a password) or decline (with the reason)."""
    if not can_manage_access(editor):
        raise AccessError(_("Alleen de redactie kan toegang verlenen."))
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    action = AccountAction.APPROVE_ACCESS if approve else AccountAction.DECLINE_ACCESS
    from_state = locked.status
    if not ACCESS_WORKFLOW.allows(action, from_state):
        raise AccessError(
            already_decided(who=locked.decided_by, when=locked.decided_at, outcome=locked.get_status_display())
        )
    if not approve and not reason.strip():
        raise AccessError(_("Geef de reden van de weigering; de aanvrager krijgt ze te lezen."))
    locked.status = ACCESS_WORKFLOW.target(action, from_state)
    locked.decided_by, locked.decided_at, locked.reason = editor, timezone.now(), reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    AccountDecision.record(
        ACCESS_WORKFLOW,
        action,
        from_state,
        actor=editor,
        email=locked.email,
        local_government=locked.local_government,
        reason=locked.reason,
        created_at=locked.decided_at,
    )
    if approve:
        user = User.objects.filter(email__iexact=locked.email).first()
        if user is None:
            user = User.objects.create_user(
                email=locked.email, password=None, full_name=locked.full_name, function=locked.function
            )
        Membership.objects.get_or_create(user=user, local_government=locked.local_government)
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        _mail_after_commit(
            template="access_approved",
            subject=_("Uw toegang tot Vlaanderen helpt"),
            to=locked.email,
            context={"request": locked, "path": path},
        )
    else:
        _mail_after_commit(
            template="access_declined",
            subject=_("Uw aanvraag voor Vlaanderen helpt"),
            to=locked.email,
            context={"request": locked},
        )
    return locked
