""" "Wij namen dit over": an official records an adoption, an editor publishes or declines it, and it
shows on both practices, on the local governments' pages, in the list's sort and in the open data."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Membership
from practices import adoptions
from practices.models import Adoption, AdoptionDecision
from tests.conftest import gov

FORM = {"way": "aangepast", "adopted_on": "2021-03-15", "note": "Wij gaven bonnen van 10 euro.", "own_practice": ""}


@pytest.fixture
def original(make_practice):
    return make_practice("Gent", title="Waardebonnen voor de lokale handel", themes=["economie"])


@pytest.fixture
def leuven_official(official_b):
    """An official of Leuven (official_b's government in these tests is set here, explicitly)."""
    Membership.objects.get_or_create(user=official_b, local_government=gov("Leuven"))
    return official_b


def test_an_official_records_an_editor_publishes_and_gent_is_told(
    client, original, leuven_official, editor, official_a, django_capture_on_commit_callbacks
):
    client.force_login(leuven_official)
    url = f"{original.get_absolute_url()}overgenomen/"
    form = client.get(url).context["form"]
    assert (
        gov("Leuven") in form.fields["local_government"].queryset
        and gov("Gent") not in form.fields["local_government"].queryset
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "local_government": gov("Leuven").pk})
    assert response["Location"] == original.get_absolute_url()
    adoption = Adoption.objects.get()
    assert adoption.state == "ingediend" and adoption.submitted_by == leuven_official
    assert [m.to for m in mail.outbox] == [[editor.email]] and "/redactie/overnames/" in mail.outbox[0].body
    assert "Leuven" not in client.get(original.get_absolute_url()).content.decode()  # not before the editors

    mail.outbox.clear()
    client.force_login(editor)
    assert "Leuven nam “Waardebonnen voor de lokale handel” over" in client.get("/redactie/overnames/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/redactie/overnames/{adoption.pk}/", {"action": "goedkeuren"})
    adoption.refresh_from_db()
    assert adoption.state == "gepubliceerd"
    assert list(adoption.decisions.values_list("action", "from_state", "to_state", "actor")) == [
        ("indienen", "", "ingediend", leuven_official.pk),
        ("goedkeuren", "ingediend", "gepubliceerd", editor.pk),
    ]
    told = [m for m in mail.outbox if m.to == [official_a.email]]
    assert len(told) == 1 and told[0].subject == "Leuven nam uw praktijkvoorbeeld over"
    assert "Wij gaven bonnen van 10 euro." in told[0].body

    client.logout()
    html = client.get(original.get_absolute_url()).content.decode()
    assert "Overgenomen door" in html and "Leuven" in html and "Wij gaven bonnen van 10 euro." in html
    assert "Waardebonnen voor de lokale handel" in client.get("/besturen/24062/").content.decode()  # Leuven's page
    assert "Door anderen overgenomen" in client.get("/besturen/44021/").content.decode()  # Gent's page
    items = {item["government"]["name"]: item for item in client.get("/kaart/").context["map"]["items"]}
    assert items["Leuven"]["adopted"] == 1 and items["Gent"]["adopted"] == 0  # the map's table says who took over


def test_an_editor_declines_with_a_reason_the_official_receives(
    client, original, leuven_official, editor, django_capture_on_commit_callbacks
):
    adoption = adoptions.record(
        practice=original,
        local_government=gov("Leuven"),
        author=leuven_official,
        way="ongewijzigd",
        adopted_on=date(2021, 1, 1),
    )
    client.force_login(editor)
    html = client.post(f"/redactie/overnames/{adoption.pk}/", {"action": "afwijzen", "reason": ""}).content.decode()
    assert 'class="error-summary"' in html and "Schrijf waarom de overname niet gepubliceerd wordt." in html
    assert Adoption.objects.get().state == "ingediend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/redactie/overnames/{adoption.pk}/", {"action": "afwijzen", "reason": "Dit is een ander project."}
        )
    assert Adoption.objects.get().state == "afgewezen"
    (declined,) = [m for m in mail.outbox if m.to == [leuven_official.email]]
    assert "Dit is een ander project." in declined.body
    # Declined, Leuven may say it again; a decision already taken is not taken twice.
    with pytest.raises(adoptions.AdoptionError, match="al beslist"):
        adoptions.approve(adoption=adoption, editor=editor)
    adoptions.record(
        practice=original,
        local_government=gov("Leuven"),
        author=leuven_official,
        way="aangepast",
        adopted_on=date(2021, 1, 1),
    )
    assert Adoption.objects.count() == 2


def test_what_may_not_be_recorded_is_refused_with_a_clear_message(
    original, leuven_official, official_a, make_practice, editor
):
    def record(**overrides):
        data = {
            "practice": original,
            "local_government": gov("Leuven"),
            "author": leuven_official,
            "way": "aangepast",
            "adopted_on": date(2021, 1, 1),
        }
        return adoptions.record(**{**data, **overrides})

    with pytest.raises(adoptions.AdoptionError, match="eigen bestuur"):
        record(local_government=gov("Gent"), author=official_a)
    with pytest.raises(adoptions.AdoptionError, match="waarvoor u werkt"):
        record(local_government=gov("Hasselt"))
    with pytest.raises(adoptions.AdoptionError, match="toekomst"):
        record(adopted_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(adoptions.AdoptionError, match="gepubliceerd praktijkvoorbeeld van uw eigen bestuur"):
        record(own_practice=make_practice("Hasselt"))
    draft = make_practice("Gent", stage="draft")
    with pytest.raises(adoptions.AdoptionError, match="niet \\(meer\\) online"):
        record(practice=draft)
    record()
    with pytest.raises(adoptions.AdoptionError, match="Leuven meldde al"):
        record()
    with pytest.raises(adoptions.AdoptionError, match="Alleen de redactie"):
        adoptions.approve(adoption=Adoption.objects.get(), editor=leuven_official)
    assert AdoptionDecision.objects.count() == 1


def test_the_form_shows_errors_at_the_fields_and_a_partner_cannot_adopt(client, make_practice, leuven_official):
    shared = make_practice("Gent", partners=["Leuven"])
    client.force_login(leuven_official)
    html = client.get(f"{shared.get_absolute_url()}overgenomen/").content.decode()
    assert "Geen van uw besturen kan dit melden" in html
    other = make_practice("Hasselt")
    html = client.post(
        f"{other.get_absolute_url()}overgenomen/", {"way": "elk", "adopted_on": "15-13-2021"}
    ).content.decode()
    assert 'class="error-summary"' in html
    assert "Kies het bestuur dat het overnam." in html and "is geen beschikbare keuze" in html
    assert not Adoption.objects.exists()
    assert (
        client.post(f"{other.get_absolute_url()}overgenomen/", {**FORM, "local_government": gov("Gent").pk}).status_code
        == 200
    )
    assert not Adoption.objects.exists()  # a forged government of another official


def test_script_in_a_note_stays_inert_on_both_pages(client, original, leuven_official, editor):
    adoption = adoptions.record(
        practice=original,
        local_government=gov("Leuven"),
        author=leuven_official,
        way="aangepast",
        adopted_on=date(2021, 1, 1),
        note='<script>alert("x")</script> Anders.',
    )
    client.force_login(editor)
    assert '<script>alert("x")</script>' not in client.get(f"/redactie/overnames/{adoption.pk}/").content.decode()
    adoptions.approve(adoption=adoption, editor=editor)
    html = client.get(original.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html


def test_the_list_sorts_by_most_adopted_from_the_index_as_sql_does(client, make_practice, editor, monkeypatch):
    """Adoptions move a practice up in "meest overgenomen"; the index and SQL give the same pages."""
    from catalogue import builds, facets
    from catalogue.listing import Catalogue, apply_filters, order
    from catalogue.query import PAGE_SIZE, CatalogueQuery
    from practices.models import Practice

    made = [
        make_practice(["Gent", "Hasselt", "Brugge"][n % 3], title=f"Voorbeeld {n:02d}", themes=["economie"])
        for n in range(25)
    ]
    adopters = {"Leuven": [], "Genk": [], "Aalst": []}
    for name in adopters:
        official = _official_of(name)
        for practice in (made[3], made[7]) if name != "Aalst" else (made[7], made[20]):
            adoption = adoptions.record(
                practice=practice,
                local_government=gov(name),
                author=official,
                way="aangepast",
                adopted_on=date(2021, 1, 1),
            )
            adoptions.approve(adoption=adoption, editor=editor)
    declined = adoptions.record(
        practice=made[11],
        local_government=gov("Leuven"),
        author=_official_of("Leuven"),
        way="aangepast",
        adopted_on=date(2021, 1, 1),
    )
    adoptions.decline(adoption=declined, editor=editor, reason="Niet hetzelfde.")
    facets._loaded = (None, None)
    builds.build_and_keep()
    for query in (CatalogueQuery(sort="overgenomen"), CatalogueQuery(sort="overgenomen", themes=("economie",))):
        sql = list(order(apply_filters(Practice.objects.published(), query), query).values_list("pk", flat=True))
        for number in (1, 2):
            assert Catalogue(query).page_ids(number) == sql[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    assert sql[:3] == [made[7].pk, made[3].pk, made[20].pk]  # three, two, one adoptions; the declined one counts none
    html = client.get("/praktijken/", {"sorteer": "overgenomen"}).content.decode()
    assert '<option value="overgenomen" selected>meest overgenomen</option>' in html


def _official_of(name):
    from accounts.models import User

    user, _created = User.objects.get_or_create(email=f"ambtenaar@{name.lower()}.example", defaults={"full_name": name})
    Membership.objects.get_or_create(user=user, local_government=gov(name))
    return user


def test_the_open_data_names_the_governments_that_took_it_over(client, original, editor):
    import csv
    import io
    import json

    for name, day in (("Leuven", date(2021, 5, 1)), ("Genk", date(2021, 2, 1)), ("Aalst", date(2021, 3, 1))):
        adoption = adoptions.record(
            practice=original, local_government=gov(name), author=_official_of(name), way="aangepast", adopted_on=day
        )
        if name != "Aalst":
            adoptions.approve(adoption=adoption, editor=editor)
    response = client.get("/open-data/praktijken.csv")
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    assert row["overgenomen_door"] == "Genk;Leuven"  # by date; Aalst's is not published
    data = json.loads(b"".join(client.get("/open-data/praktijken.json").streaming_content))
    assert data["praktijkvoorbeelden"][0]["overgenomen_door"] == "Genk;Leuven"


def test_the_demo_shows_published_adoptions_and_one_waiting(db, settings, client):
    import io

    from django.core.management import call_command

    settings.DEMO_CONTENT = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert (
        Adoption.objects.filter(state="gepubliceerd").count() == 3
        and Adoption.objects.filter(state="ingediend").count() == 1
    )
    shopping = (
        Adoption.objects.filter(practice__title="Boodschappendienst door vrijwilligers voor risicogroepen")
        .first()
        .practice
    )
    html = client.get(shopping.get_absolute_url()).content.decode()
    assert "Overgenomen door Leuven en Tienen" in html
