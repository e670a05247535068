"""The catalogue's public pages."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from catalogue.sitemaps import PracticeSitemap
from practices import services
from practices.models import Practice
from tests.conftest import PDF_BYTES, content

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_home_shows_latest_practices_and_theme_counts(client, make_practice):
    make_practice(title="Waardebonnen voor de lokale handel", themes=["economie"])
    html = client.get("/").content.decode()
    assert "Lokale besturen leren van elkaar" in html
    assert "Waardebonnen voor de lokale handel" in html
    assert 'href="/praktijken/?thema=economie">Economie <span class="count">(1)</span>' in html


def test_list_shows_count_facets_and_cards(client, make_practice):
    make_practice(title="Een", themes=["economie"])
    make_practice("Leuven", title="Twee", themes=["cultuur"])
    response = client.get("/praktijken/?thema=economie")
    html = response.content.decode()
    assert "1 praktijkvoorbeeld gevonden" in html
    assert ">Een</a>" in html and ">Twee</a>" not in html
    assert 'Economie <span class="count">(1)</span><span class="visually-hidden">, geselecteerd' in html
    assert 'href="?thema=economie&amp;thema=cultuur#results-title"' in html  # adding a value keeps the others
    assert 'href="?#results-title"' in html  # the chip that removes the only filter


def test_search_without_results_suggests_removing_filters(client, make_practice):
    make_practice(title="Een")
    html = client.get("/praktijken/?q=onvindbaarwoord&thema=cultuur").content.decode()
    assert "Geen praktijkvoorbeelden gevonden." in html
    assert "Probeer minder filters" in html
    assert "begin opnieuw zonder filters" in html


def test_list_paginates_by_twenty_and_keeps_filters(client, make_practice):
    for n in range(21):
        make_practice(title=f"Praktijk {n:02d}", themes=["economie"])
    html = client.get("/praktijken/?thema=economie&sorteer=titel").content.decode()
    assert html.count('class="card"') == 20
    assert 'href="?thema=economie&amp;sorteer=titel&amp;pagina=2"' in html
    page2 = client.get("/praktijken/?thema=economie&sorteer=titel&pagina=2").content.decode()
    assert page2.count('class="card"') == 1
    assert "Praktijk 20" in page2
    assert client.get("/praktijken/?pagina=999").status_code == 200


def test_detail_shows_every_field(client, make_practice):
    practice = make_practice(
        "Hasselt",
        title="Bestekmodel mondmaskers",
        summary="Het bestek voor stoffen mondmaskers.",
        description="We kochten **85.000** maskers.",
        resources="Aankoopdienst",
        results="Vier offertes",
        difficulties="Stalen vragen",
        transferability="Pas de hoeveelheden aan",
        partners=["Genk"],
        tags=["bestek"],
        contact_name="Jan Peeters",
        contact_email="jan@hasselt.be",
        contact_consent=True,
        links=[{"title": "Meer uitleg", "url": "https://www.hasselt.be/mondmaskers"}],
        files=[("bestek.pdf", PDF_BYTES)],
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    for text in [
        "Bestekmodel mondmaskers",
        "Het bestek voor stoffen mondmaskers.",
        "<strong>85.000</strong>",
        "Aankoopdienst",
        "Vier offertes",
        "Stalen vragen",
        "Pas de hoeveelheden aan",
        'href="/besturen/71072/">Hasselt</a>',
        ">Genk</a>",
        'href="/praktijken/?tag=bestek">bestek</a>',
        "Jan Peeters",
        "mailto:jan@hasselt.be",
        'href="https://www.hasselt.be/mondmaskers"',
        "(PDF,",
        'property="og:title" content="Bestekmodel mondmaskers"',
        "Laatst bijgewerkt",
    ]:
        assert text in html, text


def test_contact_is_hidden_without_consent(client, make_practice):
    practice = make_practice(contact_name="Geheime Persoon", contact_email="geheim@gent.be", contact_consent=False)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Geheime Persoon" not in html and "geheim@gent.be" not in html


def test_related_practices_share_themes_tags_or_target_groups(client, make_practice):
    practice = make_practice(title="Basis", themes=["economie"], tags=["premie"])
    make_practice(title="Verwant", themes=["economie"], tags=["premie"])
    make_practice(title="Los", themes=["cultuur"], target_groups=["jongeren"])
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Verwante praktijkvoorbeelden" in html
    assert ">Verwant</a>" in html and ">Los</a>" not in html


@pytest.mark.parametrize("stage", ["draft", "submitted"])
def test_unpublished_practices_and_their_files_answer_404(client, make_practice, stage, official_b):
    practice = make_practice(stage=stage, title="Nog niet publiek", files=[("bestek.pdf", PDF_BYTES)])
    attachment = practice.uploaded_files.get()
    for user in (None, official_b):
        if user:
            client.force_login(user)
        assert client.get(reverse("catalogue:detail", args=[practice.slug])).status_code == 404
        assert client.get(reverse("practices:attachment", args=[practice.slug, attachment.pk])).status_code == 404
    assert "Nog niet publiek" not in client.get("/praktijken/").content.decode()
    assert "Nog niet publiek" not in client.get("/feeds/praktijken.atom").content.decode()
    assert b"Nog niet publiek" not in b"".join(client.get("/open-data/praktijken.json").streaming_content)


def test_an_archived_practice_leaves_the_public_site(client, make_practice, editor):
    practice = make_practice(title="Gearchiveerd voorbeeld", files=[("bestek.pdf", PDF_BYTES)])
    attachment = practice.attachments.get()
    services.archive(practice=practice, actor=editor, reason="Verouderd")
    assert client.get(practice.get_absolute_url()).status_code == 404
    assert client.get(reverse("practices:attachment", args=[practice.slug, attachment.pk])).status_code == 404


def test_an_attachment_of_a_pending_update_is_not_public(client, make_practice, official_a):
    practice = make_practice(title="Met update")
    services.save_draft(practice=practice, author=official_a, content=content(title="Met update"))
    from vlaanderenhelpt.attachments import make_upload

    pending = services.add_attachment(
        practice=practice, author=official_a, uploaded=make_upload("nieuw.pdf", PDF_BYTES), title="Nieuw"
    )
    assert client.get(reverse("practices:attachment", args=[practice.slug, pending.pk])).status_code == 404
    client.force_login(official_a)
    assert client.get(reverse("practices:attachment", args=[practice.slug, pending.pk])).status_code == 200


def test_attachment_download_is_an_attachment_with_a_safe_name(client, make_practice):
    practice = make_practice(files=[("Bestek <mondmaskers>.pdf", PDF_BYTES)])
    attachment = practice.attachments.get()
    response = client.get(reverse("practices:attachment", args=[practice.slug, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bestek-mondmaskers.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    # An attachment id under another practice's slug is not found.
    other = make_practice(title="Ander voorbeeld")
    assert client.get(reverse("practices:attachment", args=[other.slug, attachment.pk])).status_code == 404


def test_local_government_pages(client, make_practice):
    make_practice("Hasselt", title="Hasselts voorbeeld", partners=["Genk"])
    html = client.get("/besturen/").content.decode()
    assert "Limburg" in html and 'href="/besturen/71072/">Hasselt</a> <span class="count">(1)</span>' in html
    assert "Gent" not in html  # shared nothing
    page = client.get("/besturen/71072/").content.decode()
    assert "Hasselts voorbeeld" in page and "71072" in page
    assert "Kortessem" in page  # merged into Hasselt on 1 January 2025
    assert "Hasselts voorbeeld" in client.get("/besturen/genk/").content.decode()  # as partner
    assert client.get("/besturen/hasselt/").status_code == 200


def test_a_government_page_lists_the_same_cards_without_the_facet_index(client, make_practice, monkeypatch, settings):
    """Until a publication's index is built (or with Redis away) the page reads its cards through SQL."""
    from catalogue import upkeep

    settings.CATALOGUE_CACHE_SECONDS = 0  # each page rendered, not read back from the page cache
    for n in range(21):
        make_practice("Hasselt", title=f"Hasselt {n:02d}", partners=["Genk"] if n == 20 else [])

    def cards(url):
        page = client.get(url).context["page"]
        return [card.title for card in page.object_list], page.paginator.count

    with_index = [cards("/besturen/71072/"), cards("/besturen/71072/?pagina=2"), cards("/besturen/genk/")]
    monkeypatch.setattr(upkeep, "current_index", lambda build=True: None)
    without = [cards("/besturen/71072/"), cards("/besturen/71072/?pagina=2"), cards("/besturen/genk/")]
    assert without == with_index
    assert with_index[0][1] == 21 and len(with_index[0][0]) == 20 and with_index[0][0][0] == "Hasselt 20"
    assert with_index[2] == (["Hasselt 20"], 1)  # as partner


@pytest.mark.parametrize(
    ("old", "new"), [("71022", "71072"), ("kortessem", "71072"), ("11007", "11002"), ("borsbeek", "11002")]
)
def test_a_ceased_municipality_redirects_to_its_successor(client, db, old, new):
    response = client.get(f"/besturen/{old}/")
    assert response.status_code == 301
    assert response["Location"] == f"/besturen/{new}/"


def test_an_unknown_government_is_404_in_dutch(client, db):
    response = client.get("/besturen/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_feed_honours_the_list_filters(client, make_practice):
    make_practice(title="Economisch", themes=["economie"])
    make_practice(title="Cultureel", themes=["cultuur"])
    feed = client.get("/feeds/praktijken.atom?thema=cultuur")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<title>Cultureel</title>" in body and "Economisch" not in body


def test_sitemap_robots_and_health(client, make_practice):
    practice = make_practice(title="In de sitemap")
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index and "/sitemap-praktijken.xml</loc>" in index
    assert "/sitemap-besturen.xml</loc>" in index and "/sitemap-handreikingen.xml</loc>" in index
    assert practice.get_absolute_url() in client.get("/sitemap-praktijken.xml").content.decode()
    assert "/besturen/44021/" in client.get("/sitemap-besturen.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: " in robots and "Disallow: /admin/" in robots
    health = client.get("/healthz")
    assert (health.status_code, health.content) == (200, b"ok\n")


def test_the_sitemap_index_lists_every_published_practice_in_pages(client, make_practice, monkeypatch):
    from catalogue.sitemaps import PracticeSitemap

    monkeypatch.setattr(PracticeSitemap, "limit", 2)  # pages of 2 instead of 10,000
    live = [make_practice(title=f"Voorbeeld {n}") for n in range(5)]
    make_practice(stage="draft", title="Nog een concept")
    index = client.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>https?://[^<]+(/sitemap-praktijken\.xml(?:\?p=\d)?)</loc>", index)
    assert pages == ["/sitemap-praktijken.xml", "/sitemap-praktijken.xml?p=2", "/sitemap-praktijken.xml?p=3"]
    listed = "".join(client.get(page).content.decode() for page in pages)
    assert all(f"{p.get_absolute_url()}</loc>" in listed for p in live)
    assert listed.count("<url>") == 5 and "nog-een-concept" not in listed
    response = client.get("/sitemap-praktijken.xml")
    assert response["Content-Type"].startswith("application/xml")
    assert client.get("/sitemap-praktijken.xml")["Content-Type"] == response["Content-Type"]  # kept, as it was


def test_open_data_csv_and_json(client, make_practice):
    make_practice("Hasselt", title="Open voorbeeld", themes=["economie", "cultuur"], partners=["Genk"])
    make_practice(title='=HYPERLINK("http://evil")')
    page = client.get("/open-data/").content.decode()
    assert "CC BY 4.0" in page and "<code>nis_code</code>" in page

    response = client.get("/open-data/praktijken.csv")
    assert response["Content-Disposition"] == 'attachment; filename="praktijkvoorbeelden.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    row = next(r for r in rows if r["titel"] == "Open voorbeeld")
    assert (row["nis_code"], row["provincie"], row["partners"]) == ("71072", "Limburg", "Genk")
    assert set(row["themas"].split(";")) == {"Economie", "Cultuur"}
    assert any(r["titel"].startswith("'=HYPERLINK") for r in rows)  # no formula in a spreadsheet

    data = json.loads(b"".join(client.get("/open-data/praktijken.json").streaming_content))
    assert data["licentie"] == "CC BY 4.0"
    assert {p["titel"] for p in data["praktijkvoorbeelden"]} == {"Open voorbeeld", '=HYPERLINK("http://evil")'}


FORMULA_TITLES = [
    '=HYPERLINK("http://evil")',
    'Markt;=HYPERLINK("http://evil")',
    "Markt; +cmd|' /C calc'!A0",
    "Markt,@SUM(1+1)",
    "Markt;\t=1+1",
    "Markt; -2+3",
]


@pytest.mark.parametrize("separator", [",", ";"])
def test_no_csv_cell_becomes_a_formula_whatever_the_separator(client, make_practice, separator):
    """Belgian Excel splits on ";": every piece a spreadsheet could make a cell of is neutralised."""
    for title in FORMULA_TITLES:
        make_practice(title=title, tags=["=tag", "gewoon"])
    text = b"".join(client.get("/open-data/praktijken.csv").streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=separator) for cell in row]
    for line in text.splitlines():
        cells.extend(line.split(separator))  # a spreadsheet that ignores the quotes
    dangerous = [c for c in cells if c.lstrip(' "')[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not dangerous
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["titel"].replace("'", "") for r in rows} == {t.replace("'", "") for t in FORMULA_TITLES}


def test_script_in_every_text_field_stays_inert(client, make_practice):
    practice = make_practice(
        title=f"Titel {HOSTILE}",
        summary=f"Samenvatting {HOSTILE}",
        description=f"Beschrijving {HOSTILE} [klik](javascript:alert(1))",
        resources=HOSTILE,
        results=HOSTILE,
        difficulties=HOSTILE,
        transferability=HOSTILE,
        contact_name=HOSTILE,
        contact_function=HOSTILE,
        contact_phone=HOSTILE[:40],
        contact_consent=True,
        tags=[HOSTILE[:90]],
        links=[{"title": HOSTILE, "url": "javascript:alert(1)"}, {"title": "ok", "url": "https://example.org"}],
    )
    pages = [
        client.get(practice.get_absolute_url()),
        client.get("/praktijken/"),
        client.get("/praktijken/?q=Samenvatting"),
        client.get("/"),
        client.get("/feeds/praktijken.atom"),
    ]
    for response in pages:
        html = response.content.decode()
        assert "<script>alert" not in html, response.request["PATH_INFO"]
        assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert 'href="javascript:' not in html
    detail = pages[0].content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in detail
    assert 'href="https://example.org"' in detail


def test_the_404_page_is_dutch_and_helpful(client, db):
    response = client.get("/praktijken/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and 'href="/praktijken/"' in html


def test_state_changing_methods_are_refused_on_public_pages(client, make_practice):
    practice = make_practice()
    assert client.post(practice.get_absolute_url()).status_code == 405
    assert client.post("/praktijken/").status_code == 405


@pytest.mark.parametrize("count", [1, 30])
def test_list_query_budget_does_not_grow_with_results(client, make_practice, count, django_assert_max_num_queries):
    for n in range(count):
        make_practice(title=f"Voorbeeld {n}", themes=["economie", "cultuur"], tags=["a", "b"])
    with django_assert_max_num_queries(
        18
    ):  # the index is built here and kept in the database; the clarifications beside
        client.get("/praktijken/?thema=economie&q=voorbeeld")
    with django_assert_max_num_queries(6):  # counts and reference lists come from the cache now
        client.get("/praktijken/?thema=economie&q=voorbeeld")


@pytest.mark.parametrize("count", [1, 30])
def test_detail_query_budget_does_not_grow_with_results(client, make_practice, count, django_assert_max_num_queries):
    practices = [make_practice(title=f"Voorbeeld {n}", themes=["economie"], tags=["a"]) for n in range(count)]
    with django_assert_max_num_queries(14):  # the last index built is looked for once (there is none)
        response = client.get(practices[0].get_absolute_url())
    assert response.status_code == 200


def test_admin_cannot_change_the_state_of_a_practice(client, administrator, make_practice):
    practice = make_practice()
    client.force_login(administrator)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    assert client.get(url).status_code == 200  # readable
    response = client.post(url, {"status": "gearchiveerd"})
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.status == "gepubliceerd"
    assert client.get(reverse("admin:practices_practice_add")).status_code == 403
    assert Practice.objects.published().filter(pk=practice.pk).exists()


def test_public_pages_are_cached_until_the_catalogue_changes(
    client, make_practice, official_a, django_assert_num_queries
):
    make_practice(title="Eerste voorbeeld")
    client.get("/praktijken/")
    with django_assert_num_queries(0):
        cached = client.get("/praktijken/")
    assert ">Eerste voorbeeld</a>" in cached.content.decode()
    assert "default-src 'self'" in cached["Content-Security-Policy"]

    make_practice(title="Tweede voorbeeld")  # publishing replaces the generation
    assert ">Tweede voorbeeld</a>" in client.get("/praktijken/").content.decode()

    client.force_login(official_a)  # logged-in pages are always rendered
    assert "Afmelden" in client.get("/praktijken/").content.decode()


def test_the_governments_page_counts_exactly_what_is_published(
    client, make_practice, editor, django_assert_max_num_queries
):
    from accounts.models import LocalGovernment

    for government, stage in [
        ("Gent", "published"),
        ("Gent", "published"),
        ("Gent", "submitted"),
        ("Leuven", "published"),
        ("Leuven", "draft"),
        ("Genk", "published"),
    ]:
        make_practice(government, stage=stage, title=f"{government} {stage} {Practice.objects.count()}")
    archived = Practice.objects.filter(local_government__name="Genk").get()
    services.archive(practice=archived, actor=editor, reason="Verouderd.")
    with django_assert_max_num_queries(6):
        html = client.get("/besturen/").content.decode()
    expected = {
        g.name: Practice.objects.published().filter(local_government=g).count()
        for g in LocalGovernment.objects.filter(name__in=["Gent", "Leuven", "Genk"])
    }
    assert expected == {"Gent": 2, "Leuven": 1, "Genk": 0}
    assert '>Gent</a> <span class="count">(2)</span>' in html and '>Leuven</a> <span class="count">(1)</span>' in html
    assert ">Genk</a>" not in html  # nothing published any more
    sitemap = client.get("/sitemap-besturen.xml").content.decode()
    assert sitemap.count("<url>") == 2


def test_a_sitemap_section_says_what_the_frameworks_own_view_says(rf, make_practice, monkeypatch):
    """The sections are written without the template engine; the addresses and dates are Django's."""
    from django.contrib.sitemaps import views as sitemaps_views

    from catalogue.sitemaps import SITEMAPS, section

    monkeypatch.setattr(PracticeSitemap, "limit", 2)
    for n in range(3):
        make_practice(["Gent", "Leuven", "Hasselt"][n], title=f"Voorbeeld {n}")

    def entries(response):
        body = (response.render() if hasattr(response, "render") else response).content.decode()
        return re.findall(r"<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]+)</lastmod>)?", body)

    for name, page in (("praktijken", "1"), ("praktijken", "2"), ("besturen", "1")):
        request = rf.get(f"/sitemap-{name}.xml", {"p": page})
        ours, django = section(request, name, SITEMAPS), sitemaps_views.sitemap(request, SITEMAPS, name)
        assert entries(ours) and entries(ours) == entries(django)
        assert ours.get("Last-Modified") == django.get("Last-Modified")
