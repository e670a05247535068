"""What was published is a record: reference values and tags in use cannot be deleted from the admin;
a retired value leaves filters and forms but stays on what carries it."""

from taggit.models import Tag

from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices.forms import PracticeForm
from practices.models import Phase, Theme


def test_a_theme_on_published_practices_or_guidance_cannot_be_deleted(client, administrator, make_practice, editor):
    make_practice(themes=["economie"])
    doc = guidance_services.create_document(editor=editor, title="Gids", sections=[S("Deel", "Tekst.")])
    doc.themes.set([Theme.objects.get(slug="cultuur")])
    unused = Theme.objects.create(name="Nooit gebruikt", slug="nooit-gebruikt")
    client.force_login(administrator)
    for slug in ("economie", "cultuur"):
        theme = Theme.objects.get(slug=slug)
        assert client.get(f"/admin/practices/theme/{theme.pk}/delete/").status_code == 403
        assert client.post(f"/admin/practices/theme/{theme.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(
        "/admin/practices/theme/",
        {"action": "delete_selected", "_selected_action": [t.pk for t in Theme.objects.all()]},
    )
    assert bulk.status_code in (200, 302)
    assert Theme.objects.filter(slug__in=["economie", "cultuur", "nooit-gebruikt"]).count() == 3
    assert client.post(f"/admin/practices/theme/{unused.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Theme.objects.filter(pk=unused.pk).exists()


def test_a_tag_on_a_live_practice_cannot_be_deleted(client, administrator, make_practice):
    make_practice(tags=["premie"])
    tag = Tag.objects.get(name="premie")
    client.force_login(administrator)
    assert client.post(f"/admin/taggit/tag/{tag.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_a_retired_value_leaves_filters_and_new_forms_but_stays_where_it_is(client, make_practice, official_a):
    from vlaanderenhelpt import generation

    make_practice(title="Gepubliceerd", phases=["lockdown"])
    practice = make_practice(stage="draft", phases=["lockdown"])
    assert "fase=lockdown" in client.get("/praktijken/").content.decode()
    Phase.objects.filter(slug="lockdown").update(retired=True)
    generation.changed()
    lockdown = Phase.objects.get(slug="lockdown")
    assert lockdown not in PracticeForm(user=official_a).fields["phases"].queryset
    form = PracticeForm(user=official_a, practice=practice, initial=PracticeForm.initial_from(practice.working_version))
    assert lockdown in form.fields["phases"].queryset  # an edit keeps it, so a save does not drop it
    assert "fase=lockdown" not in client.get("/praktijken/").content.decode()
