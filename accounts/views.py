from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def profile(request):
    memberships = request.user.memberships.select_related("local_government__province").order_by(
        "local_government__name"
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})
