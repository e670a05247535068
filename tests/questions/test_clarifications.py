"""Clarifications: drafted from answered questions, warned of personal data, approved by a second editor,
published in versions that never change, shown where readers look, kept current, and rated by readers."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices import periods
from questions import personal_data, publishing, review, services
from questions.models import (
    Clarification,
    ClarificationVersion,
    Feedback,
    PublishedClarificationError,
    Rule,
    VersionStatus,
)
from questions.publishing import Draft, RuleText


@pytest.fixture
def guide(editor):
    document = guidance_services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[
            S("Digitaal vergaderen van de gemeenteraad", "De raad mag digitaal vergaderen tot 30 juni."),
            S("Waardebonnen", "Over lokale handel."),
        ],
    )
    guidance_services.publish(draft=document.versions.get(), editor=editor, change_note="", is_major=False)
    return document


@pytest.fixture
def answered(ask, official_b, leuven, desk):
    """Two governments asked the same; the desk answered both."""
    first = ask(title="Mag de raad digitaal vergaderen na 30 juni?")
    second = ask(official=official_b, government=leuven, title="Digitale gemeenteraad na de zomer?")
    for question in (first, second):
        services.answer(question=question, actor=desk, text="Nee: vanaf 1 juli vergadert de raad weer fysiek.")
    return first, second


def _new_guidance_version(guide, editor, anchor, title, body):
    """A new published version of the guidance with one section rewritten."""
    draft = guidance_services.start_draft(document=guide, editor=editor)
    guidance_services.save_section(
        draft=draft, editor=editor, anchor=anchor, title=title, body=body, expected_revision=draft.revision
    )
    guidance_services.publish(draft=draft, editor=editor, change_note="Bijgewerkt.", is_major=False)


def _publish(clarification, writer, approver, **draft):
    version = clarification.versions.exclude(status=VersionStatus.PUBLISHED).get()
    values = {"title": "De gemeenteraad vergadert vanaf 1 juli weer fysiek", "body": "Vanaf 1 juli geldt weer ..."}
    values.update(draft)
    publishing.save_draft(version=version, editor=writer, draft=Draft(**values))
    publishing.submit(version=version, editor=writer)
    approved = publishing.approve(version=version, editor=approver)
    clarification.refresh_from_db()  # its address is set at the first publication
    return approved


def test_a_draft_starts_from_the_answers_and_only_answered_questions_feed_one(ask, answered, editor):
    clarification = publishing.create(editor=editor, questions=answered)
    version = clarification.versions.get()
    assert version.status == VersionStatus.DRAFT and "vergadert de raad weer fysiek" in version.body
    assert version.title == answered[0].title and clarification.theme == answered[0].theme
    with pytest.raises(publishing.ClarificationError, match="nog niet beantwoord"):
        publishing.create(editor=editor, questions=[ask()])


def test_the_draft_warns_of_names_addresses_phone_numbers_and_the_government(answered, official_a):
    official_a.full_name = "Lies Peeters"
    official_a.save()
    questions = [q.__class__.objects.select_related("asked_by", "local_government").get(pk=q.pk) for q in answered]
    text = "Lies Peeters van Gent vroeg het; mail lies@gent.be of bel 09 266 11 11. Leuvense regels gelden."
    found = personal_data.warnings(text, questions)
    assert len(found) == 4
    assert "Lies Peeters" in found[0] and "Gent" in found[1] and "lies@gent.be" in found[2]
    assert "09 266 11 11" in found[3]
    assert personal_data.warnings("De raad vergadert vanaf 1 juli 2021 fysiek (artikel 12).", questions) == []


def test_a_second_editor_publishes_and_every_asking_government_hears_of_it(
    client,
    answered,
    guide,
    editor,
    second_editor,
    official_a,
    official_b,
    colleague_a,
    django_capture_on_commit_callbacks,
):
    clarification = publishing.create(editor=editor, questions=answered)
    version = clarification.versions.get()
    section = publishing.current_sections([f"{guide.slug}#digitaal-vergaderen-van-de-gemeenteraad"])
    publishing.save_draft(
        version=version,
        editor=editor,
        draft=Draft(
            title="De gemeenteraad vergadert vanaf 1 juli weer fysiek",
            body="Vanaf 1 juli 2021 vergadert de **gemeenteraad** weer fysiek.",
            sections=tuple(section),
            rules=(RuleText(name="Decreet lokaal bestuur", article="art. 1", valid_until=datetime.date(2099, 6, 30)),),
        ),
    )
    publishing.submit(version=version, editor=editor)
    with pytest.raises(publishing.ClarificationError, match="Een andere redacteur"):
        publishing.approve(version=version, editor=editor)
    assert client.get("/vragen/").content.decode().count("weer fysiek") == 0  # not public before approval
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.approve(version=version, editor=second_editor)
    clarification.refresh_from_db()
    assert clarification.current == version and clarification.asked_count == 2
    told = sorted(address for m in mail.outbox for address in m.to)
    assert told == sorted([official_a.email, colleague_a.email, official_b.email])
    assert all(clarification.get_absolute_url() in m.body for m in mail.outbox)
    page = client.get(clarification.get_absolute_url()).content.decode()
    assert "<strong>gemeenteraad</strong>" in page and "Decreet lokaal bestuur" in page
    assert f'href="/handreikingen/{guide.slug}/#digitaal-vergaderen-van-de-gemeenteraad"' in page
    assert "gevraagd door 2 besturen" in page
    assert official_a.full_name not in page and "Gent" not in page.split("<main")[1]
    on_guide = client.get(guide.get_absolute_url()).content.decode()
    assert "Vragen over dit onderdeel" in on_guide and clarification.get_absolute_url() in on_guide
    listing = client.get("/vragen/?q=fysiek").content.decode()
    assert clarification.get_absolute_url() in listing


def test_a_published_version_never_changes_and_a_correction_keeps_the_old_one_readable(
    client, answered, editor, second_editor, django_capture_on_commit_callbacks
):
    clarification = publishing.create(editor=editor, questions=answered)
    first = _publish(clarification, editor, second_editor, rules=(RuleText(name="Omzendbrief KB/ABB 2020/2"),))
    first.title = "Anders"
    with pytest.raises(PublishedClarificationError):
        first.save()
    with pytest.raises(PublishedClarificationError):
        Rule.objects.get(version=first).save()
    with pytest.raises(publishing.ClarificationError, match="al een nieuwe versie"):
        publishing.start_correction(clarification=clarification, editor=editor)
        publishing.start_correction(clarification=clarification, editor=editor)
    second = ClarificationVersion.objects.get(clarification=clarification, number=2)
    publishing.save_draft(version=second, editor=editor, draft=Draft(title="Fysiek vanaf 1 juli", body="Nieuw."))
    with pytest.raises(publishing.ClarificationError, match="wijzigingsnota"):
        publishing.submit(version=second, editor=editor)
    publishing.save_draft(
        version=second, editor=editor, draft=Draft(title="Fysiek vanaf 1 juli", body="Nieuw.", change_note="Datum.")
    )
    publishing.submit(version=second, editor=editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.approve(version=second, editor=second_editor)
    assert mail.outbox and all(m.subject.startswith("Verduidelijking bijgewerkt") for m in mail.outbox)
    assert all("Datum." in m.body for m in mail.outbox)
    old = client.get(f"{clarification.get_absolute_url()}versies/1/").content.decode()
    assert "De gemeenteraad vergadert vanaf 1 juli weer fysiek" in old and "niet de huidige versie" in old
    assert client.get(f"{clarification.get_absolute_url()}versies/2/")["Location"] == clarification.get_absolute_url()
    assert client.get(f"{clarification.get_absolute_url()}versies/3/").status_code == 404
    first.refresh_from_db()
    assert first.title == "De gemeenteraad vergadert vanaf 1 juli weer fysiek"


def test_a_clarification_is_marked_for_review_when_what_it_rests_on_changes(
    client, answered, guide, editor, second_editor
):
    period = periods.create_period(editor=editor, name="Tweede lockdown", starts_on=datetime.date(2020, 11, 2))
    sections = tuple(publishing.current_sections([f"{guide.slug}#digitaal-vergaderen-van-de-gemeenteraad"]))
    today = timezone.localdate()
    clarification = publishing.create(editor=editor, questions=answered)
    _publish(
        clarification,
        editor,
        second_editor,
        sections=sections,
        periods=(period,),
        rules=(RuleText(name="Besluit digitale raad", valid_until=today + datetime.timedelta(days=2)),),
    )
    assert review.mark_changed() == 0  # nothing changed yet
    # The rule expires: two days later it is marked, once, however often the job runs.
    assert review.mark_changed(now=timezone.now() + datetime.timedelta(days=3)) == 1
    assert review.mark_changed(now=timezone.now() + datetime.timedelta(days=3, hours=1)) == 0
    clarification.refresh_from_db()
    assert clarification.review_since == today + datetime.timedelta(days=2)
    assert "Besluit digitale raad" in clarification.review_reasons[0]
    page = client.get(clarification.get_absolute_url()).content.decode()
    assert "Mogelijk niet meer juist sinds" in page and "Besluit digitale raad" in page
    assert "wordt nagekeken" in client.get("/vragen/").content.decode()
    publishing.confirm(clarification=clarification, editor=editor)
    with pytest.raises(publishing.ClarificationError, match="al beslist"):
        publishing.confirm(clarification=clarification, editor=second_editor)
    assert "Mogelijk niet meer juist" not in client.get(clarification.get_absolute_url()).content.decode()


def test_a_closed_period_or_a_changed_section_marks_it_and_an_unchanged_section_does_not(
    answered, guide, editor, second_editor
):
    period = periods.create_period(editor=editor, name="Avondklok", starts_on=datetime.date(2020, 10, 19))
    sections = tuple(publishing.current_sections([f"{guide.slug}#waardebonnen"]))
    clarification = publishing.create(editor=editor, questions=answered)
    _publish(clarification, editor, second_editor, sections=sections, periods=(period,))
    review.mark_changed()
    # A new guidance version that leaves the clarified section as it was: nothing to review.
    _new_guidance_version(
        guide,
        editor,
        "digitaal-vergaderen-van-de-gemeenteraad",
        "Digitaal vergaderen van de gemeenteraad",
        "Vanaf 1 juli weer fysiek.",
    )
    assert review.mark_changed() == 0
    periods.close_period(period=period, editor=editor, ends_on=datetime.date(2021, 6, 9), note="Voorbij.")
    assert review.mark_changed() == 1
    clarification.refresh_from_db()
    assert clarification.review_since == datetime.date(2021, 6, 9) and "Avondklok" in clarification.review_reasons[0]
    publishing.confirm(clarification=clarification, editor=editor)
    _new_guidance_version(guide, editor, "waardebonnen", "Waardebonnen", "Anders nu.")
    out = call_command("review_clarifications", stdout=(buffer := io.StringIO()))
    assert out is None and "1 verduidelijkingen te herzien" in buffer.getvalue()
    clarification.refresh_from_db()
    assert "Waardebonnen" in clarification.review_reasons[0] and "versie 3" in clarification.review_reasons[0]
    # Confirmed, then a fourth version that changes another section only: nothing to review again.
    publishing.confirm(clarification=clarification, editor=editor)
    _new_guidance_version(
        guide,
        editor,
        "digitaal-vergaderen-van-de-gemeenteraad",
        "Digitaal vergaderen van de gemeenteraad",
        "Weer anders.",
    )
    assert review.mark_changed() == 0


def test_readers_say_whether_it_helped_and_only_the_editors_see_the_counts(
    client, answered, editor, second_editor, settings
):
    clarification = publishing.create(editor=editor, questions=answered)
    _publish(clarification, editor, second_editor)
    url = clarification.get_absolute_url()
    response = client.post(url, {"helpful": "nee", "comment": "Wat met commissies?\x00"})
    assert response.status_code == 302 and response["Location"].endswith("?bedankt=1#geholpen")
    assert "Bedankt voor uw reactie" in client.get(response["Location"]).content.decode()
    feedback = Feedback.objects.get()
    assert feedback.helpful is False and feedback.comment == "Wat met commissies?"
    assert "Wat met commissies?" not in client.get(url).content.decode()
    invalid = client.post(url, {"helpful": "misschien"}).content.decode()
    assert 'class="error-summary"' in invalid and Feedback.objects.count() == 1
    client.post(url, {"helpful": "ja", "website": "http://spam.example"})  # a bot: thanked and ignored
    assert Feedback.objects.count() == 1
    for _n in range(25):
        last = client.post(url, {"helpful": "ja"})
    assert last.status_code == 429 and Feedback.objects.count() == 20
    client.force_login(editor)
    page = client.get(clarification.get_editor_url()).content.decode()
    assert "ja: 19, nee: 1" in page and "Wat met commissies?" in page


def test_the_list_searches_filters_sorts_and_shrugs_off_hostile_parameters(client, ask, desk, editor, second_editor):
    made = []
    for n, (theme, title) in enumerate(
        [("personeel", "Telewerk blijft mogelijk"), ("financien", "Fiscale verlichting"), ("personeel", "Verlof")]
    ):
        question = ask(theme=theme, title=f"Vraag {n}")
        services.answer(question=question, actor=desk, text="Antwoord.")
        clarification = publishing.create(editor=editor, questions=[question])
        _publish(clarification, editor, second_editor, title=title, body=f"Uitleg over {title.lower()}.")
        made.append(clarification)
    Clarification.objects.filter(pk=made[0].pk).update(asked_count=5)
    page = client.get("/vragen/?thema=personeel").content.decode()
    assert "Telewerk blijft mogelijk" in page and "Verlof" in page and "Fiscale verlichting" not in page
    assert 'Personeel <span class="badge">2</span>' in page
    most = client.get("/vragen/?sorteer=meest-gevraagd").content.decode()
    assert most.index("Telewerk blijft mogelijk") < most.index("Verlof")
    assert "Fiscale verlichting" in client.get("/vragen/?q=fiscale").content.decode()
    for params in (
        "q=%00%1b<script>",
        "q=" + "x" * 5000,
        "pagina=99999",
        "pagina=-1",
        "pagina=%F0%9F%92%A5",
        "sorteer=DROP",
        "thema=../../etc",
        'q="niet afgesloten&q=or -',
    ):
        response = client.get(f"/vragen/?{params}")
        assert response.status_code == 200, params
        assert "<script>" not in response.content.decode().split("<main")[1], params
