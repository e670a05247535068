"""HTTP only: the subscription form, the confirmation link, the page of one's subscriptions and the
one-click unsubscribe."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from vlaanderenhelpt import limits
from vlaanderenhelpt.numbers import whole_number

from . import services
from .forms import FrequencyForm, SubscribeForm

SUBSCRIPTIONS_PER_HOUR = 10


def _target(request):
    """What the form follows, from its own URL: a template (`sjabloon`), a guidance document (`handreiking`)
    or the list's filters."""
    from guidance.models import GuidanceDocument

    if "sjabloon" in request.GET:
        from django.contrib.auth.models import AnonymousUser

        from practices.models import Attachment

        pk = whole_number(request.GET.get("sjabloon", ""), default=0, maximum=2**62)
        found = Attachment.objects.visible_to(AnonymousUser()).select_related("practice").filter(pk=pk).first()
        if found is None:
            raise Http404
        return {"document": None, "template": found, "label": _("Sjabloon: %(title)s") % {"title": found.title},
                "query": "", "back": found.practice.get_absolute_url()}  # fmt: skip
    slug = request.GET.get("handreiking", "")
    if slug:
        document = GuidanceDocument.objects.filter(slug=slug, withdrawn_at__isnull=True).first()
        if document is None or not document.versions.published().exists():
            raise Http404
        return {"document": document, "template": None, "label": document.title, "query": "",
                "back": document.get_absolute_url()}  # fmt: skip
    query, label = services.search_target(request.GET)
    back = reverse("practices:list") + (f"?{query}" if query else "")
    return {"document": None, "template": None, "label": label, "query": query, "back": back}


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    target = _target(request)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    if target["template"] is not None:
        initial["frequency"] = "direct"  # a new version of a template is news at once
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        confirmed = False
        if not data["website"]:  # a bot that filled the hidden field is thanked and ignored
            if not limits.allow_request(request, "alerts", per_hour=SUBSCRIPTIONS_PER_HOUR, email=data["email"]):
                return limits.too_many(request)
            try:
                subscription = services.subscribe(
                    email=data["email"], frequency=data["frequency"], query=target["query"], label=target["label"],
                    document=target["document"], template=target["template"], user=request.user,
                )  # fmt: skip
            except services.AlertError as error:
                form.add_error(None, error.message)
            else:
                confirmed = subscription.is_confirmed
        if not form.errors:
            return redirect(reverse("alerts:subscribed") + ("?bevestigd=1" if confirmed else ""))
    return render(request, "alerts/subscribe.html", {"form": form, "target": target})


@require_safe
def subscribed(request):
    return render(request, "alerts/subscribed.html", {"confirmed": "bevestigd" in request.GET})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the e-mail shows a button: a link checker that opens it confirms nothing."""
    subscription = services.find_unconfirmed(token)
    if request.method == "POST" and subscription is not None:
        try:
            subscription = services.confirm(token=token)
        except services.AlertError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Uw e-mailmelding staat aan."))
            return redirect("alerts:manage", subscription.subscriber.manage_token)
    return render(request, "alerts/confirm.html", {"subscription": subscription}, status=200 if subscription else 404)


@csrf_exempt  # RFC 8058: a mail program posts "List-Unsubscribe=One-Click" here, without a form of ours
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button (a link checker ends nothing); POST, from that button or a mail program, ends it."""
    subscription = services.find_subscription(token)
    if request.method == "POST":
        if subscription is not None:
            services.unsubscribe(subscription=subscription)
        return render(request, "alerts/unsubscribe.html", {"done": True})
    return render(
        request, "alerts/unsubscribe.html", {"subscription": subscription}, status=200 if subscription else 404
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Every subscription of one address, through the link in each e-mail: no account needed."""
    subscriber = services.find_subscriber(token)
    if subscriber is None:
        raise Http404
    if request.method == "POST":
        chosen = whole_number(request.POST.get("subscription", "").strip(), default=0, maximum=2**62)
        subscription = get_object_or_404(subscriber.subscriptions, pk=chosen)
        if request.POST.get("action") == "afmelden":
            services.unsubscribe(subscription=subscription)
            messages.success(request, _("U krijgt geen e-mails meer over “%(label)s”.") % {"label": subscription.label})
            if services.find_subscriber(token) is None:
                return render(request, "alerts/unsubscribe.html", {"done": True})
            return redirect("alerts:manage", token)
        form = FrequencyForm(request.POST, prefix=f"s{subscription.pk}")
        if form.is_valid():
            services.change_frequency(subscription=subscription, frequency=form.cleaned_data["frequency"])
            messages.success(request, _("Opgeslagen: “%(label)s”.") % {"label": subscription.label})
            return redirect("alerts:manage", token)
        messages.error(request, _("Kies hoe vaak u een e-mail wilt krijgen."))
        return redirect("alerts:manage", token)
    subscriptions = [
        (subscription, FrequencyForm(initial={"frequency": subscription.frequency}, prefix=f"s{subscription.pk}"))
        for subscription in subscriber.subscriptions.select_related("document")
    ]
    return render(request, "alerts/manage.html", {"subscriber": subscriber, "subscriptions": subscriptions})
