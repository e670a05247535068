from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .services import set_notifications


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    if request.method == "POST":
        set_notifications(user=request.user, new_submissions=request.POST.get("notify_new_submissions") == "on")
        messages.success(request, _("Uw voorkeur is bewaard."))
        return redirect("profile")
    memberships = request.user.memberships.select_related("local_government__province").order_by(
        "local_government__name"
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})
