from django.conf import settings


def site(request):
    context = {"DEMO_CONTENT": settings.DEMO_CONTENT, "SITE_URL": settings.SITE_URL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("practices.moderate_practice"):
        from practices.models import Practice

        # The editors see how much waits for them in the navigation.
        context["QUEUE_COUNT"] = Practice.objects.awaiting_review().count()
    return context
