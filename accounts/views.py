"""HTTP only, for accounts: log in and out, invitations, access requests and their review, the profile."""

from typing import override

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vlaanderenhelpt import limits
from vlaanderenhelpt.permissions import MANAGE_ACCESS, permission_or_404
from vlaanderenhelpt.public_forms import post_public_form

from . import services
from .forms import AcceptInvitationForm, AccessRequestForm, InvitationForm, LoginForm, ResetForm
from .models import AccessRequest, Invitation


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request):
    """One's own name, address, memberships and notification choice."""
    if request.method == "POST":
        services.set_notifications(
            user=request.user, new_submissions=request.POST.get("notify_new_submissions") == "on"
        )
        messages.success(request, _("Uw voorkeur is bewaard."))
        return redirect("profile")
    memberships = request.user.memberships.select_related("local_government__province").order_by(
        "local_government__name"
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})


class LoginView(auth_views.LoginView):
    """Log-in by e-mail address; afterwards each person lands where their work is (a `next` still wins)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    @override
    def get_default_redirect_url(self):
        user = self.request.user
        if user.is_editor:
            return settings.EDITOR_HOME_URL
        if user.memberships.exists():
            return settings.MEMBER_HOME_URL
        return super().get_default_redirect_url()


REQUESTS_PER_HOUR = 3
RESETS_PER_HOUR = 5


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to a new password; limited per address and per e-mail address, so nobody can
    flood a colleague's mailbox with reset links."""

    form_class = ResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("password_reset_done")

    @override
    def form_valid(self, form):
        if not limits.allow_request(
            self.request, "password-reset", per_hour=RESETS_PER_HOUR, email=form.cleaned_data["email"]
        ):
            return limits.too_many(self.request)
        return super().form_valid(form)


managers_only = permission_or_404(MANAGE_ACCESS)


@managers_only
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request):
    """The editors invite an address to join a local government."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(editor=request.user, **form.cleaned_data)
        messages.success(request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": invitation.email})
        return redirect("invite")
    invitations = Invitation.objects.select_related("local_government", "invited_by")[:50]
    return render(request, "accounts/invite.html", {"form": form, "invitations": invitations})


@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token):
    """The invited person chooses a name and password, and is logged in."""
    invitation, problem = services.find_invitation(token)
    if problem:
        return render(
            request, "accounts/invitation_problem.html", {"problem": problem}, status=410 if invitation else 404
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(
                token=token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except services.AccessError as error:
            return render(request, "accounts/invitation_problem.html", {"problem": error.message}, status=410)
        messages.success(request, _("Welkom! Meld u aan met uw e-mailadres en het wachtwoord dat u koos."))
        return redirect("login")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@require_http_methods(["GET", "HEAD", "POST"])
def request_access(request):
    """Anyone asks to act for a local government; the editors decide."""
    form = AccessRequestForm(request.POST or None)
    posted = post_public_form(
        request,
        form,
        scope="access-requests",
        per_hour=REQUESTS_PER_HOUR,
        act=lambda d: services.request_access(**{name: value for name, value in d.items() if name != "website"}),
    )
    if posted.limited:
        return posted.limited
    if posted.done:
        return render(request, "accounts/access_requested.html")
    return render(request, "accounts/request_access.html", {"form": form})


@managers_only
def access_requests(request):
    """The editors' list of open access requests."""
    pending = AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).select_related("local_government")
    return render(request, "accounts/access_requests.html", {"pending": pending})


@managers_only
@require_POST
def decide_access_request(request, pk):
    """An editor approves or declines one access request."""
    access_request = get_object_or_404(AccessRequest, pk=pk)
    approve = request.POST.get("beslissing") == "goedkeuren"
    try:
        services.decide_access_request(
            access_request=access_request,
            editor=request.user,
            approve=approve,
            reason=request.POST.get("reden", "")[:2000],
        )
    except services.AccessError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Toegang verleend; de aanvrager krijgt een e-mail.")
            if approve
            else _("Aanvraag geweigerd; de aanvrager krijgt de reden."),
        )
    return redirect("access_requests")
