"""HTTP only: the subscription form, the confirmation link, the page of one's subscriptions and the
one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from guidance.models import GuidanceDocument
from practices.models import Attachment
from questions.models import QuestionTheme
from vlaanderenhelpt.numbers import whole_number
from vlaanderenhelpt.permissions import MODERATE_PRACTICE, permission_or_404
from vlaanderenhelpt.public_forms import post_public_form

from . import services
from .forms import FrequencyForm, ManageLinkForm, SubscribeForm
from .models import FAILED_RUNS, MANAGE_LINK_DAYS, Subscription

editors_only = permission_or_404(MODERATE_PRACTICE)

SUBSCRIPTIONS_PER_HOUR = 10


def _target(request):
    """What the form follows, from its own URL: a template (`sjabloon`), a guidance document (`handreiking`)
    or the list's filters."""
    if "sjabloon" in request.GET:
        pk = whole_number(request.GET.get("sjabloon", ""), default=0, maximum=2**62)
        found = Attachment.objects.visible_to(AnonymousUser()).select_related("practice").filter(pk=pk).first()
        if found is None:
            raise Http404
        return {
            "document": None,
            "template": found,
            "label": _("Sjabloon: %(title)s") % {"title": found.title},
            "query": "",
            "back": found.practice.get_absolute_url(),
        }
    if "vragen" in request.GET:
        theme = QuestionTheme.objects.offered().filter(slug=request.GET.get("vragen", "")).first()
        if theme is None:
            raise Http404
        return {
            "document": None,
            "template": None,
            "question_theme": theme,
            "label": _("Verduidelijkingen over %(theme)s") % {"theme": theme.name},
            "query": "",
            "back": reverse("questions:clarifications") + f"?thema={theme.slug}",
        }
    slug = request.GET.get("handreiking", "")
    if slug:
        document = GuidanceDocument.objects.filter(slug=slug, withdrawn_at__isnull=True).first()
        if document is None or not document.versions.published().exists():
            raise Http404
        return {
            "document": document,
            "template": None,
            "label": document.title,
            "query": "",
            "back": document.get_absolute_url(),
        }
    query, label = services.search_target(request.GET)
    back = reverse("catalogue:list") + (f"?{query}" if query else "")
    return {"document": None, "template": None, "label": label, "query": query, "back": back}


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The form that follows a search, a guidance document or a template."""
    target = _target(request)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    if target["template"] is not None:
        initial["frequency"] = "direct"  # a new version of a template is news at once
    form = SubscribeForm(request.POST or None, initial=initial)
    posted = post_public_form(
        request,
        form,
        scope="alerts",
        per_hour=SUBSCRIPTIONS_PER_HOUR,
        act=lambda d: services.subscribe(
            email=d["email"],
            frequency=d["frequency"],
            query=target["query"],
            label=target["label"],
            document=target["document"],
            template=target["template"],
            question_theme=target.get("question_theme"),
            user=request.user,
        ),
    )
    if posted.limited:
        return posted.limited
    if posted.done:
        # The answer is the same whatever the address follows, unless it is one's own.
        subscription = posted.result
        confirmed = subscription is not None and subscription.is_confirmed and _own_address(request, subscription)
        return redirect(reverse("alerts:subscribed") + ("?bevestigd=1" if confirmed else ""))
    return render(request, "alerts/subscribe.html", {"form": form, "target": target})


def _own_address(request, subscription):
    return request.user.is_authenticated and request.user.email.lower() == subscription.subscriber.email


@require_safe
def subscribed(request):
    """What a subscriber reads after the form: the same for every address."""
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
    context = {"subscription": subscription}
    if subscription is not None:
        context["described"] = services.described_without_words(subscription)
    return render(request, "alerts/confirm.html", context, status=200 if subscription else 404)


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
def ask_manage_link(request):
    """A fresh link to one's subscriptions, by e-mail: the answer is the same for any address."""
    form = ManageLinkForm(request.POST or None)
    posted = post_public_form(
        request,
        form,
        scope="alert-links",
        per_hour=SUBSCRIPTIONS_PER_HOUR,
        act=lambda d: services.send_manage_link(email=d["email"]),
    )
    if posted.limited:
        return posted.limited
    if posted.done:
        return redirect(reverse("alerts:manage_link_sent"))
    return render(request, "alerts/ask_manage_link.html", {"form": form})


@require_safe
def manage_link_sent(request):
    """What one reads after asking for a manage link: the same for every address."""
    return render(request, "alerts/manage_link_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Every subscription of one address, through a link that was e-mailed to it: no account needed. A link
    that expired or was replaced shows the form to ask a new one."""
    subscriber = services.find_subscriber(token)
    if subscriber is None:
        return render(request, "alerts/ask_manage_link.html", {"form": ManageLinkForm(), "expired": True}, status=404)
    if request.method == "POST":
        if request.POST.get("action") == "links-vernieuwen":
            subscriber = services.renew_manage_links(subscriber=subscriber)
            messages.success(request, _("Alle eerdere links naar deze pagina werken niet meer. Bewaar deze."))
            return redirect("alerts:manage", subscriber.manage_token)
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
    return render(
        request,
        "alerts/manage.html",
        {"subscriber": subscriber, "subscriptions": subscriptions, "days": MANAGE_LINK_DAYS},
    )


@editors_only
@require_http_methods(["GET", "HEAD", "POST"])
def set_aside(request):
    """Subscriptions that failed FAILED_RUNS runs in a row: not tried again until an editor says so."""
    if request.method == "POST":
        chosen = whole_number(request.POST.get("subscription", "").strip(), default=0, maximum=2**62)
        subscription = get_object_or_404(Subscription.objects.set_aside(), pk=chosen)
        services.retry_set_aside(subscription=subscription, editor=request.user)
        messages.success(request, _("De melding wordt bij de volgende ronde opnieuw geprobeerd."))
        return redirect("alerts:set_aside")
    rows = Subscription.objects.set_aside().select_related("subscriber").order_by("set_aside_at", "pk")
    return render(request, "alerts/set_aside.html", {"rows": rows, "runs": FAILED_RUNS})
