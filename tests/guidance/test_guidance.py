"""Living guidance: published versions never change; readers see only what was published."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from guidance import services
from guidance.diff import compare
from guidance.models import GuidanceDecision, GuidanceVersion, PublishedVersionError, Section
from guidance.services import SectionText as S
from practices import services as practice_services
from vlaanderenhelpt.models import ImmutableRecordError


@pytest.fixture
def document(editor, make_practice):
    practice = make_practice(title="Buurtbellers tegen eenzaamheid")
    doc = services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        summary="Herstel na corona.",
        sections=[
            S("Inleiding", "Eerste tekst.", "inleiding"),
            S("Economie", "Steun de handel.", "economie"),
            S("Solidariteit", "Help elkaar.", "solidariteit"),
        ],
    )
    first = doc.versions.get()
    services.cite_practices(draft=first, editor=editor, anchor="solidariteit", practices=[practice])
    services.publish(
        draft=first,
        editor=editor,
        change_note="Eerste versie.",
        is_major=True,
        at=timezone.make_aware(datetime.datetime(2020, 5, 12, 10)),
    )
    second = services.start_draft(document=doc, editor=editor)
    services.save_sections(
        draft=second,
        editor=editor,
        sections=[
            S("Inleiding", "Eerste tekst.", "inleiding"),
            S("Solidariteit", "Help elkaar, met vrijwilligers.", "solidariteit"),
            S("Economie en handel", "Steun de handel.", "economie"),
            S("Zorg & opvang", "Opvang voor kinderen.", "zorg"),
        ],
    )
    services.publish(
        draft=second,
        editor=editor,
        change_note="Zorg toegevoegd.",
        is_major=False,
        at=timezone.make_aware(datetime.datetime(2020, 6, 8, 10)),
    )
    services.start_draft(document=doc, editor=editor)  # version 3 stays a draft
    return doc


def test_a_published_version_never_changes_by_any_path(document):
    published = document.versions.get(number=1)
    published.change_note = "herschreven"
    with pytest.raises(PublishedVersionError):
        published.save()
    with pytest.raises(PublishedVersionError):
        GuidanceVersion.objects.filter(pk=published.pk).update(change_note="x")
    with pytest.raises(PublishedVersionError):
        published.delete()
    section = published.sections.first()
    section.body = "herschreven"
    with pytest.raises(PublishedVersionError):
        section.save()
    with pytest.raises(PublishedVersionError):
        Section.objects.filter(version=published).update(body="x")
    with pytest.raises(PublishedVersionError):
        Section.objects.filter(version=published).delete()
    with pytest.raises(PublishedVersionError):
        GuidanceVersion.objects.filter(pk=published.pk).delete()
    cited = published.sections.get(anchor="solidariteit")
    for change in (lambda: cited.practices.clear(), lambda: cited.practices.set([])):
        with pytest.raises(PublishedVersionError), transaction.atomic():  # a savepoint: the guard aborts it
            change()
    with pytest.raises(ImmutableRecordError):
        GuidanceDecision.objects.filter(version=published).update(reason="x")
    with pytest.raises(ImmutableRecordError):
        GuidanceDecision.objects.filter(version=published).delete()
    assert cited.practices.count() == 1 and published.sections.count() == 3
    with pytest.raises(services.GuidanceError, match="verandert nooit meer"):
        services.save_sections(draft=published, editor=document.versions.get(number=1).published_by, sections=[])
    assert document.versions.get(number=1).change_note == "Eerste versie."


def test_practices_cannot_be_cited_in_a_published_version(document, editor):
    with pytest.raises(services.GuidanceError, match="verandert nooit meer"):
        services.cite_practices(draft=document.versions.get(number=1), editor=editor, anchor="economie", practices=[])


def test_one_open_draft_per_document(document, editor):
    with pytest.raises(services.GuidanceError, match="al een concept"):
        services.start_draft(document=document, editor=editor)


def test_a_major_change_needs_a_change_note(document, editor):
    draft = document.versions.get(number=3)
    with pytest.raises(services.GuidanceError, match="wijzigingsnota"):
        services.publish(draft=draft, editor=editor, change_note=" ", is_major=True)


def test_officials_cannot_edit_guidance(document, official_a):
    with pytest.raises(services.GuidanceError, match="redactie"):
        services.publish(draft=document.versions.get(number=3), editor=official_a, change_note="", is_major=False)


def test_the_comparison_on_known_inputs(document):
    rows = compare(document.versions.get(number=1), document.versions.get(number=2))
    by_anchor = {row["section"].anchor: row for row in rows}
    assert by_anchor["inleiding"]["kind"] == "same"
    assert by_anchor["zorg"]["kind"] == "added"
    # Two sections swapped places: one of them moved, the other kept its place among the rest.
    assert by_anchor["economie"]["label"] == "nieuwe titel"
    assert by_anchor["solidariteit"]["kind"] == "moved"
    assert (by_anchor["solidariteit"]["old_position"], by_anchor["solidariteit"]["new_position"]) == (3, 2)
    assert (
        '<ins><span class="visually-hidden">toegevoegd: </span>elkaar, met vrijwilligers.</ins>'
        in by_anchor["solidariteit"]["html"]
    )


def test_readers_see_the_current_version_and_every_earlier_one(client, document):
    url = document.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Versie 2, bijgewerkt op 8 juni 2020" in html
    assert 'href="#zorg"' in html and ">Buurtbellers tegen eenzaamheid</a>" in html
    old = client.get(f"{url}versies/1/").content.decode()
    assert "U leest versie 1. Er is een nieuwere versie." in old and "Zorg &amp; opvang" not in old
    versions = client.get(f"{url}versies/").content.decode()
    assert "Zorg toegevoegd." in versions and "kleine wijziging" in versions and "grote wijziging" in versions


@pytest.mark.parametrize(
    "path",
    [
        "versies/3/",
        "versies/abc/",
        "versies/0/",
        "versies/-1/",
        "versies/99999999999999999999/",
        "versies/99999999999999999999/bijlagen/1/",
        "versies/x/bijlagen/1/",
        "vergelijk/?van=1&naar=3",
        "vergelijk/?van=x",
        "vergelijk/?van=1&naar=99999999999999999999",
        "versies/１/",
    ],
)
def test_drafts_and_nonsense_version_numbers_answer_404(client, document, path):
    assert client.get(f"{document.get_absolute_url()}{path}").status_code == 404


def test_a_document_without_a_published_version_is_not_found(client, editor):
    doc = services.create_document(editor=editor, title="Nog geheim", sections=[S("Deel", "Tekst")])
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert "Nog geheim" not in client.get("/handreikingen/").content.decode()


def test_an_archived_practice_leaves_the_display_but_stays_on_record(client, document, editor):
    from practices.models import Practice

    practice = Practice.objects.get(title="Buurtbellers tegen eenzaamheid")
    practice_services.archive(practice=practice, actor=editor, reason="Afgelopen.")
    html = client.get(document.get_absolute_url()).content.decode()
    assert "Buurtbellers tegen eenzaamheid" not in html
    assert document.versions.get(number=1).sections.get(anchor="solidariteit").practices.filter(pk=practice.pk).exists()


def test_script_in_a_section_stays_inert(client, editor):
    doc = services.create_document(
        editor=editor, title="Veilig", sections=[S("Deel", "<script>alert(1)</script> **tekst**")]
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="", is_major=False)
    html = client.get(doc.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "<strong>tekst</strong>" in html


def test_the_atom_feed_lists_published_versions_only(client, document):
    feed = client.get(f"{document.get_absolute_url()}feed/")
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "<title>Versie 2 (kleine wijziging)</title>" in body and "<title>Versie 1 (grote wijziging)</title>" in body
    assert "Versie 3" not in body and "Zorg toegevoegd." in body
    assert f"/handreikingen/{document.slug}/versies/2/" in body


def test_the_comparison_announces_inserted_and_deleted_text_and_folds_unchanged_sections(client, document):
    html = client.get(f"{document.get_absolute_url()}vergelijk/", {"van": 1, "naar": 2}).content.decode()
    assert '<details class="unchanged"><summary>Inleiding — ongewijzigd</summary>' in html
    assert "Economie en handel <span" in html and "Vroegere titel: “Economie”" in html
    assert '<span class="visually-hidden">toegevoegd: </span>' in html


def test_the_sitemap_lists_published_versions_and_never_a_draft(client, document):
    sitemap = client.get("/sitemap-handreikingen.xml").content.decode()
    assert f"/handreikingen/{document.slug}/</loc>" in sitemap
    assert f"/handreikingen/{document.slug}/versies/2/</loc>" in sitemap
    assert f"/handreikingen/{document.slug}/versies/3/" not in sitemap


@pytest.mark.parametrize("sections", [1, 15])
def test_the_document_page_stays_within_its_query_budget(
    client, editor, make_practice, django_assert_max_num_queries, sections
):
    practices = [make_practice(title=f"Voorbeeld {n}") for n in range(3)]
    doc = services.create_document(
        editor=editor, title="Groot", sections=[S(f"Deel {n}", "Tekst.") for n in range(sections)]
    )
    draft = doc.versions.get()
    for section in draft.sections.all():
        services.cite_practices(draft=draft, editor=editor, anchor=section.anchor, practices=practices)
    services.publish(draft=draft, editor=editor, change_note="", is_major=False)
    second = services.start_draft(document=doc, editor=editor)
    services.publish(draft=second, editor=editor, change_note="", is_major=False)
    with django_assert_max_num_queries(16):
        response = client.get(doc.get_absolute_url())
    assert response.content.decode().count("Voorbeeld 2</a>") == sections


def test_every_version_page_gives_its_permanent_address_to_cite(client, document, settings):
    settings.SITE_URL = "https://vlaanderenhelpt.example"
    html = client.get(document.get_absolute_url()).content.decode()
    assert f"https://vlaanderenhelpt.example/handreikingen/{document.slug}/versies/2/</a>" in html
    old = client.get(f"{document.get_absolute_url()}versies/1/").content.decode()
    assert f"https://vlaanderenhelpt.example/handreikingen/{document.slug}/versies/1/</a>" in old


def test_the_comparison_without_a_choice_shows_the_latest_change(client, document):
    html = client.get(f"{document.get_absolute_url()}vergelijk/").content.decode()
    assert "Versie 1 en versie 2 vergeleken" in html


def test_the_admin_reads_guidance_but_a_forged_post_changes_nothing(client, document, administrator):
    from django.urls import reverse

    client.force_login(administrator)
    published = document.versions.get(number=1)
    version_url = reverse("admin:guidance_guidanceversion_change", args=[published.pk])
    assert "Eerste versie." in client.get(version_url).content.decode()  # readable
    assert client.post(version_url, {"change_note": "herschreven", "number": 1}).status_code == 403
    assert (
        client.post(reverse("admin:guidance_guidanceversion_delete", args=[published.pk]), {"post": "yes"}).status_code
        == 403
    )
    document_url = reverse("admin:guidance_guidancedocument_change", args=[document.pk])
    assert client.post(document_url, {"title": "Anders", "slug": "anders"}).status_code == 403
    document.refresh_from_db()
    assert document.slug == "lokale-besturen-als-motor-van-post-corona-herstel"
    assert document.versions.get(number=1).change_note == "Eerste versie."
