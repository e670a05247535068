"""What every template may use of the site itself."""

from django.conf import settings


def site(request):
    return {"DEMO_CONTENT": settings.DEMO_CONTENT, "SITE_URL": settings.SITE_URL}
