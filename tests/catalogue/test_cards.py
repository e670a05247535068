"""The result card that the list, the home page, a government's page and related practices show."""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format

from catalogue.cards import cards as practice_cards
from practices.models import Practice, Theme


def _card(html, title):
    start = html.rindex('<article class="card">', 0, html.index(title))
    return html[start : html.index("</article>", start)]


def test_a_card_shows_the_practice_in_a_few_lines(client, make_practice):
    practice = make_practice(
        "Leuven",
        title="Bonnen <script>alert(1)</script>",
        summary="Kort & goed.",
        themes=["economie", "cultuur"],
        kind="sjabloon",
    )
    card = _card(client.get("/praktijken/").content.decode(), "Bonnen &lt;script&gt;")
    assert f'<a href="/praktijken/{practice.slug}/">Bonnen &lt;script&gt;alert(1)&lt;/script&gt;</a>' in card
    assert '<strong class="tag tag-new">nieuw</strong>' in card
    assert "mogelijk verouderd" not in card
    published = timezone.localtime(practice.last_published_at)
    assert f'<time datetime="{published.replace(microsecond=0).isoformat()}">' in card
    assert f"{date_format(published, 'j F Y')}</time> · Leuven · Vlaams-Brabant · Sjabloon of model" in card
    assert "· Idee of belofte</p>" in card
    assert "<p>Kort &amp; goed.</p>" in card
    themes = Theme.objects.filter(slug__in=["economie", "cultuur"])  # in the themes' own order
    links = "".join(f'<li><a href="/praktijken/?thema={t.slug}">{t.name}</a></li>' for t in themes)
    assert f'<ul class="tags" aria-label="Thema\'s">{links}</ul>' in card


def test_new_for_fourteen_days_and_marked_when_possibly_outdated(client, make_practice):
    fresh = make_practice(title="Veertien dagen oud")
    old = make_practice(title="Vijftien dagen oud")
    now = timezone.now()
    Practice.objects.filter(pk=fresh.pk).update(first_published_at=now - timedelta(days=14))
    Practice.objects.filter(pk=old.pk).update(first_published_at=now - timedelta(days=15), outdated=True)
    html = client.get("/praktijken/").content.decode()
    assert "tag-new" in _card(html, "Veertien dagen oud")
    assert "tag-outdated" not in _card(html, "Veertien dagen oud")
    assert "tag-new" not in _card(html, "Vijftien dagen oud")
    assert '<strong class="tag tag-outdated">mogelijk verouderd</strong>' in _card(html, "Vijftien dagen oud")


def test_cards_keep_the_order_asked_for_and_only_what_is_published(make_practice):
    first, second = make_practice(title="Eerste"), make_practice(title="Tweede")
    draft = make_practice(title="Concept", stage="draft")
    cards = practice_cards(Practice.objects.published(), [second.pk, draft.pk, first.pk, 999_999])
    assert [card.title for card in cards] == ["Tweede", "Eerste"]
    assert [card.url for card in cards] == [second.get_absolute_url(), first.get_absolute_url()]
