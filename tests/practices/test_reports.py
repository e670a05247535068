"""Readers report a problem; editors close the report with a note."""

from practices.models import ProblemReport


def report(client, practice, **extra):
    data = {"kind": "verouderd", "text": "Het telefoonnummer klopt niet meer.", "email": "", "website": ""}
    data.update(extra)
    return client.post(f"/praktijken/{practice.slug}/melden/", data, follow=True)


def test_a_reader_reports_a_problem_and_an_editor_closes_it(client, make_practice, editor):
    practice = make_practice(title="Met een fout")
    assert "Meld een probleem" in client.get(practice.get_absolute_url()).content.decode()
    html = report(client, practice).content.decode()
    assert "Bedankt. De redactie bekijkt uw melding." in html
    stored = ProblemReport.objects.get()
    assert (stored.practice, stored.kind) == (practice, "verouderd")

    client.force_login(editor)
    assert "Het telefoonnummer klopt niet meer." in client.get("/redactie/meldingen/").content.decode()
    client.post(f"/redactie/meldingen/{stored.pk}/afhandelen/", {"notitie": "Nummer aangepast door de gemeente."})
    stored.refresh_from_db()
    assert stored.closed_by == editor and stored.close_note == "Nummer aangepast door de gemeente."
    assert "Er zijn geen open meldingen." in client.get("/redactie/meldingen/").content.decode()


def test_the_honeypot_keeps_spam_out_silently_and_a_limited_person_is_told(client, make_practice):
    practice = make_practice()
    html = report(client, practice, website="http://spam.example").content.decode()
    assert "Bedankt." in html
    assert not ProblemReport.objects.exists()
    for _ in range(5):
        assert "Bedankt." in report(client, practice).content.decode()
    limited = report(client, practice)
    assert limited.status_code == 429 and "U deed dit het afgelopen uur al te vaak" in limited.content.decode()
    assert ProblemReport.objects.count() == 5


def test_bad_input_gets_errors_at_the_field(client, make_practice):
    practice = make_practice()
    html = report(client, practice, kind="", text="x" * 2001).content.decode()
    assert "Er is een probleem" in html
    assert "Kies wat er mis is." in html
    assert not ProblemReport.objects.exists()


def test_unpublished_practices_cannot_be_reported(client, make_practice):
    practice = make_practice(stage="draft")
    assert client.get(f"/praktijken/{practice.slug}/melden/").status_code == 404
    assert report(client, practice).status_code == 404
