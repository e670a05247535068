"""Alerts matched from the change: a run reads what is new once and evaluates each distinct saved search
once, and sends exactly what asking the catalogue per subscription would send; its queries do not grow
with the subscriptions; concurrent runs and a publication during a run send nothing twice and miss nothing."""

import random
import re
import threading
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts import sending, services
from alerts.models import Frequency, Subscriber, Subscription
from catalogue.listing import apply_filters
from catalogue.query import LIST_PARAMS, CatalogueQuery
from practices.models import Practice
from tests.catalogue.test_facets import _random_query, catalogue_data  # noqa: F401 — a fixture
from vlaanderenhelpt.mail import BATCH

WORDS = ["", "", "aanpak", "zorg", "bonnen -hulp", "waardebon", "hulp"]


def _reference(subscription, until):
    """What a subscription's e-mail listed when each subscription asked the catalogue itself: the old
    per-subscription query, kept here as the reference."""
    query = CatalogueQuery.from_params(QueryDict(subscription.query))
    new = apply_filters(Practice.objects.published(), query).filter(
        first_published_at__gt=subscription.sent_until, first_published_at__lte=until
    )
    return [practice.get_absolute_url() for practice in new.order_by("first_published_at", "pk")]


def _listed(body):
    total = re.search(r"Er (?:is|zijn) (\d+) nieuwe?", body)
    return int(total.group(1)), re.findall(r"example\.org(/praktijken/[^?\s]+/)$", body, re.M)


@pytest.fixture
def dated_catalogue(catalogue_data):  # noqa: F811
    """The random catalogue, its practices published over ten days."""
    rng = random.Random(11)
    start = timezone.now() - timedelta(days=10)
    for pk in Practice.objects.values_list("pk", flat=True):
        Practice.objects.filter(pk=pk).update(first_published_at=start + timedelta(minutes=rng.randint(0, 14_400)))
    return catalogue_data


def test_each_e_mail_lists_what_the_per_subscription_query_finds_for_random_searches_and_windows(
    dated_catalogue, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://example.org"
    rng = random.Random(12)
    now = timezone.now()
    expected = {}
    for n in range(120):
        query = _random_query(rng, dated_catalogue)
        if rng.random() < 0.6:  # most saved searches have one filter, or none
            kept = rng.choice(list(LIST_PARAMS.values()))
            query = CatalogueQuery(**{kept: getattr(query, kept)})
        query = replace(query, q=rng.choice(WORDS), sort="")
        target, label = services.search_target(QueryDict(urlencode(query.params())))
        subscription = services.subscribe(email=f"s{n}@example.org", frequency=Frequency.IMMEDIATELY, query=target)
        services.confirm(token=subscription.confirmation_token)
        sent_until = now - timedelta(minutes=rng.randint(0, 15_000))
        Subscription.objects.filter(pk=subscription.pk).update(sent_until=sent_until, label=label)
        subscription.refresh_from_db()
        expected[subscription.subscriber.email] = _reference(subscription, now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent, failed = sending.send_due(now=now)
    got = {}
    for message in mail.outbox:
        total, urls = _listed(message.body)
        got[message.to[0]] = (total, urls)
    assert got == {email: (len(urls), urls[:20]) for email, urls in expected.items() if urls}
    assert (sent, failed) == (len(got), 0) and 40 < sent < 110, sent  # the comparison is not of empty sets
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.send_due(now=now + timedelta(minutes=1)) == (0, 0)  # nothing twice


SEARCHES = ["", "thema=economie", "soort=initiatief", "q=waardebon", "thema=cultuur&q=zorg"]


def _follow(count, start, sent_until):
    """`count` confirmed immediate subscriptions, spread over five saved searches."""
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"s{n}@example.org") for n in range(start, start + count)
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            query=SEARCHES[n % len(SEARCHES)],
            label="Zoekopdracht",
            frequency=Frequency.IMMEDIATELY,
            created_at=sent_until,
            confirmed_at=sent_until,
            sent_until=sent_until,
        )
        for n, subscriber in enumerate(subscribers)
    )


def _run(capture):
    mail.outbox.clear()
    with capture(execute=True), CaptureQueriesContext(connection) as queries:
        sent, failed = sending.send_due()
    assert failed == 0
    return len(queries), sent


def test_a_run_costs_the_same_queries_for_10_and_for_1000_subscriptions(
    make_practice, django_capture_on_commit_callbacks
):
    def publish_two():
        make_practice("Gent", title="Waardebonnen", themes=["economie"])
        make_practice("Leuven", title="Zorg in de buurt", themes=["cultuur"], summary="Zorg voor elkaar.")

    before = timezone.now() - timedelta(minutes=5)
    _follow(10, 0, before)
    idle_10, _ = _run(django_capture_on_commit_callbacks)
    publish_two()
    new_10, sent_10 = _run(django_capture_on_commit_callbacks)

    _follow(990, 10, before)
    Subscription.objects.update(sent_until=timezone.now())
    idle_1000, _ = _run(django_capture_on_commit_callbacks)
    publish_two()
    new_1000, sent_1000 = _run(django_capture_on_commit_callbacks)

    assert idle_10 == idle_1000 <= 10  # nothing new: the same few queries, however many follow
    assert (sent_10, sent_1000) == (10, 1000)  # every search finds one of the two
    # The same queries but one per hundred more e-mails: each batch is one task (one insert in production).
    assert new_1000 - new_10 == -(-sent_1000 // BATCH) - -(-sent_10 // BATCH)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_e_mail_once(seeded, make_practice):
    _follow(2_500, 0, timezone.now() - timedelta(minutes=5))
    make_practice("Gent", title="Waardebonnen", themes=["economie"])
    make_practice("Leuven", title="Zorg in de buurt", themes=["cultuur"], summary="Zorg voor elkaar.")
    mail.outbox.clear()
    start, results = threading.Barrier(2), []

    def run():
        try:
            start.wait()
            results.append(sending.send_due())
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    addresses = [message.to[0] for message in mail.outbox]
    assert len(addresses) == len(set(addresses)) == 2_500
    assert sorted(sent for sent, _failed in results)[0] < 2_500  # both took part: the test raced them


@pytest.mark.django_db(transaction=True)
def test_a_publication_committed_while_a_run_reads_is_sent_by_the_next_run_once(seeded, make_practice, monkeypatch):
    _follow(1, 0, timezone.now() - timedelta(minutes=5))
    make_practice("Gent", title="Eerste")
    reads = sending.published_between

    def publish_meanwhile(since, until):
        def publish():
            try:
                make_practice("Leuven", title="Tweede")
            finally:
                connection.close()

        thread = threading.Thread(target=publish)  # another connection commits while this run reads
        thread.start()
        thread.join()
        return reads(since, until)

    monkeypatch.setattr(sending, "published_between", publish_meanwhile)
    mail.outbox.clear()
    assert sending.send_due() == (1, 0)
    monkeypatch.undo()
    assert sending.send_due() == (1, 0)
    assert sending.send_due() == (0, 0)
    bodies = [message.body for message in mail.outbox if message.to == ["s0@example.org"]]
    assert "Eerste" in bodies[0] and "Tweede" not in bodies[0]
    assert "Tweede" in bodies[1] and "Eerste" not in bodies[1]


def test_a_search_the_run_did_not_evaluate_is_left_for_the_next_run(make_practice, monkeypatch):
    _follow(2, 0, timezone.now() - timedelta(minutes=5))  # "" and "thema=economie"
    make_practice("Gent", title="Waardebonnen", themes=["economie"])
    evaluate = sending.searches_matching

    def without_one(queries, practices):  # as if one was followed after the run read the searches
        found = evaluate(queries, practices)
        found.pop("thema=economie")
        return found

    monkeypatch.setattr(sending, "searches_matching", without_one)
    mail.outbox.clear()
    assert sending.send_due() == (1, 0)
    late = Subscription.objects.get(query="thema=economie")
    assert late.last_sent_at is None and late.checked_at is None  # untouched: not moved past what it missed
    monkeypatch.undo()
    assert sending.send_due() == (1, 0)
    assert sending.send_due() == (0, 0)
    assert sorted(message.to[0] for message in mail.outbox) == ["s0@example.org", "s1@example.org"]
