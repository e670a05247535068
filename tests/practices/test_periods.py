""" "Mogelijk verouderd": editors keep periods of measures; closing one marks the practices that applied
under it (a banner, a lower place in the default order), tells their governments, and an update that
confirms the practice still fits lifts the mark. Readers' "verouderd" reports count in the overview."""

from datetime import date, timedelta

import pytest
from django.core import mail

from catalogue.facets import FacetIndex
from catalogue.listing import Catalogue, apply_filters, order
from catalogue.query import CatalogueQuery
from practices import periods, services
from practices.models import MeasurePeriod, PeriodDecision, Practice, ProblemReport


@pytest.fixture
def lockdown(editor):
    return periods.create_period(
        editor=editor, name="Eerste lockdown", starts_on=date(2020, 3, 18), description="Winkels dicht."
    )


@pytest.fixture
def tied(make_practice, lockdown):
    return make_practice(title="Boodschappendienst", periods=[lockdown])


def _close(client, period, **data):
    return client.post(f"/redactie/periodes/{period.pk}/", {"action": "afsluiten", **data})


def test_an_editor_adds_a_period_and_bad_input_is_refused_at_its_field(client, editor):
    client.force_login(editor)
    html = client.post(
        "/redactie/periodes/", {"name": "Avondklok", "starts_on": "2020-10-19", "ends_on": "2021-06-09"}
    ).content.decode()
    assert 'class="error-summary"' in html and html.count("Leg in één regel uit waarom de periode voorbij is.") == 2
    html = client.post(
        "/redactie/periodes/",
        {"name": "Avondklok", "starts_on": "2020-10-19", "ends_on": "2020-01-01", "close_note": "Opgeheven."},
    ).content.decode()
    assert "Het einde ligt vóór het begin." in html
    assert not MeasurePeriod.objects.exists()

    response = client.post(
        "/redactie/periodes/",
        {"name": "Avond\x00klok\x1b\n  na middernacht", "starts_on": "2020-10-19", "description": "Niet\r\nbuiten."},
    )
    period = MeasurePeriod.objects.get()
    assert response["Location"] == f"/redactie/periodes/{period.pk}/"
    assert (period.name, period.description, period.closed_at) == ("Avondklok na middernacht", "Niet buiten.", None)
    html = client.post("/redactie/periodes/", {"name": "Avondklok na middernacht", "starts_on": "2021-01-01"})
    assert "Er bestaat al een periode" in html.content.decode()
    assert list(PeriodDecision.objects.values_list("action", "actor")) == [("aanmaken", editor.pk)]


def test_closing_a_period_marks_its_practices_lists_them_last_and_tells_their_government(
    client, editor, official_a, tied, lockdown, make_practice, django_capture_on_commit_callbacks
):
    other = make_practice(title="Waardebonnen")  # published after: newer, listed first anyway
    untied = make_practice(title="Nieuwste, zonder periode")
    assert Catalogue(CatalogueQuery()).results[0] == untied
    newest = untied.last_published_at + timedelta(seconds=1)
    Practice.objects.filter(pk=tied.pk).update(last_published_at=newest)  # the newest now
    assert Catalogue(CatalogueQuery()).results[0] == tied

    client.force_login(editor)
    html = _close(client, lockdown, ends_on="2020-05-04", close_note="").content.decode()
    assert "Leg in één regel uit waarom de periode voorbij is." in html
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _close(client, lockdown, ends_on="2020-05-04", close_note="De winkels gingen weer open.")
    tied.refresh_from_db()
    assert tied.outdated and not Practice.objects.get(pk=other.pk).outdated
    decision = PeriodDecision.objects.get(action="afsluiten")
    assert (decision.practices, decision.reason) == (1, "De winkels gingen weer open.")

    assert [m.to for m in mail.outbox] == [[official_a.email]]
    assert "Boodschappendienst" in mail.outbox[0].body
    assert f"/mijn-praktijken/{tied.pk}/bewerken/context/" in mail.outbox[0].body

    html = client.get(tied.get_absolute_url()).content.decode()
    assert "Mogelijk verouderd" in html
    assert (
        "Toegepast onder “Eerste lockdown” (tot 4 mei 2020): controleer of dit nog past bij de huidige regels." in html
    )
    # The default order puts it after the current ones, in SQL and in the index alike.
    expected = [untied.pk, other.pk, tied.pk]
    assert list(Catalogue(CatalogueQuery()).results.values_list("pk", flat=True)) == expected
    index = FacetIndex.build()
    assert index.page(index.everything, "recent", 0, 10) == expected
    assert "mogelijk verouderd" in client.get("/praktijken/").content.decode()

    # A second closing is refused: nothing changes, nobody is mailed again.
    mail.outbox.clear()
    html = _close(client, lockdown, ends_on="2020-06-01", close_note="Opnieuw.").content.decode()
    assert "Hierover is al beslist door" in html and mail.outbox == []


def test_an_update_confirming_the_practice_still_fits_lifts_the_banner(client, editor, official_a, tied, lockdown):
    periods.close_period(period=lockdown, editor=editor, ends_on=date(2020, 5, 4), note="Voorbij.")
    client.force_login(official_a)
    url = f"/mijn-praktijken/{tied.pk}/bewerken/context/"
    form = client.get(url).context["form"]
    assert "confirms_current" in form.fields and list(form.initial["periods"]) == [lockdown]
    client.post(url, {"periods": [lockdown.pk], "confirms_current": "on", "next": ""})
    services.submit(practice=tied, actor=official_a)
    tied.refresh_from_db()
    assert tied.outdated  # still marked while the update is in review
    client.force_login(editor)
    assert (
        "De indiener bevestigt dat dit nog past bij de huidige regels."
        in client.get(f"/redactie/praktijken/{tied.pk}/").content.decode()
    )
    services.approve(practice=tied, actor=editor)
    tied.refresh_from_db()
    assert not tied.outdated and tied.confirmed_current_at is not None
    assert "Mogelijk verouderd" not in client.get(tied.get_absolute_url()).content.decode()
    # A next version does not confirm by itself.
    assert tied.versions.order_by("-number").first().confirms_current
    version = services.save_draft(practice=tied, author=official_a, content=services.Content(fields={}))
    assert not version.confirms_current

    # Another period it applied under closes later: the warning is back, for that period.
    curfew = periods.create_period(editor=editor, name="Avondklok", starts_on=date(2020, 10, 19))
    Practice.objects.get(pk=tied.pk).periods.add(curfew)
    periods.close_period(period=curfew, editor=editor, ends_on=date(2021, 6, 9), note="Opgeheven.")
    tied.refresh_from_db()
    assert tied.outdated
    assert [p.name for p in periods.closed_periods_of(tied)] == ["Avondklok"]


def test_reopening_a_period_lifts_the_marks_it_caused(client, editor, tied, lockdown):
    periods.close_period(period=lockdown, editor=editor, ends_on=date(2020, 5, 4), note="Voorbij.")
    client.force_login(editor)
    html = client.post(f"/redactie/periodes/{lockdown.pk}/", {"action": "heropenen", "reason": ""}).content.decode()
    assert "Leg in één regel uit waarom de periode weer loopt." in html
    client.post(f"/redactie/periodes/{lockdown.pk}/", {"action": "heropenen", "reason": "Vergissing."})
    lockdown.refresh_from_db()
    tied.refresh_from_db()
    assert lockdown.closed_at is None and lockdown.ends_on is None and not tied.outdated
    assert list(lockdown.decisions.values_list("action", flat=True)) == ["aanmaken", "afsluiten", "heropenen"]


def test_the_overview_counts_readers_outdated_reports_with_the_marked_practices(
    client, editor, tied, lockdown, make_practice
):
    reported = make_practice(title="Gemeld als verouderd")
    for text in ("De regels zijn veranderd.", "Klopt niet meer."):
        services.report_problem(practice=reported, kind="verouderd", text=text)
    services.report_problem(practice=tied, kind="onjuist", text="Telefoonnummer fout.")  # not about age
    periods.close_period(period=lockdown, editor=editor, ends_on=date(2020, 5, 4), note="Voorbij.")
    rows = list(periods.overview())
    assert [(p.title, p.outdated, p.outdated_reports) for p in rows] == [
        ("Gemeld als verouderd", False, 2),
        ("Boodschappendienst", True, 0),
    ]
    client.force_login(editor)
    assert "2 voorbeelden mogelijk verouderd" in client.get("/redactie/").content.decode()
    html = client.get("/redactie/verouderd/").content.decode()
    assert html.index("Gemeld als verouderd") < html.index("Boodschappendienst")
    for report in ProblemReport.objects.filter(kind="verouderd"):
        services.close_report(report=report, editor=editor)
    assert [p.title for p in periods.overview()] == ["Boodschappendienst"]


def test_only_editors_keep_periods(official_a, lockdown):
    with pytest.raises(periods.PeriodError):
        periods.create_period(editor=official_a, name="Eigen periode", starts_on=date(2020, 1, 1))
    with pytest.raises(periods.PeriodError):
        periods.close_period(period=lockdown, editor=official_a, ends_on=date(2020, 5, 4), note="Weg.")
    assert not MeasurePeriod.objects.get(pk=lockdown.pk).closed_at


def test_index_and_sql_agree_on_the_order_with_marked_practices(make_practice, editor, lockdown):
    made = [make_practice(title=f"Voorbeeld {n}", periods=[lockdown] if n % 3 == 0 else []) for n in range(9)]
    periods.close_period(period=lockdown, editor=editor, ends_on=date(2020, 5, 4), note="Voorbij.")
    index = FacetIndex.build()
    for query in (CatalogueQuery(), CatalogueQuery(sort="titel"), CatalogueQuery(sort="overgenomen")):
        expected = list(order(apply_filters(Practice.objects.published(), query), query).values_list("pk", flat=True))
        sort = query.sort or "recent"
        assert index.page(index.everything, sort, 0, 20) == expected, query
    assert sum(p.outdated for p in Practice.objects.filter(pk__in=[p.pk for p in made])) == 3
