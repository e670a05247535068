"""The editors' screens and decisions, walked by the personas."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from accounts.models import User
from practices import services
from practices.models import Action, Decision, Practice, Status
from tests.conftest import content


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def decide(client, practice, action, reason="", version=None):
    data = {"beslissing": action, "toelichting": reason}
    if version is not None:
        data["versie"] = str(version)
    return client.post(f"/redactie/praktijken/{practice.pk}/beslissen/", data, follow=True)


def test_the_editors_screens_are_for_editors_only(client, make_practice, official_a, administrator):
    practice = make_practice(stage="submitted")
    urls = ["/redactie/", f"/redactie/praktijken/{practice.pk}/", f"/redactie/praktijken/{practice.pk}/corrigeren/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")
    client.force_login(official_a)
    for url in urls:
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/redactie/praktijken/{practice.pk}/beslissen/", {"beslissing": "goedkeuren"}).status_code == 404
    )
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    client.force_login(administrator)  # superusers hold every permission
    assert client.get("/redactie/").status_code == 200


def test_queue_lists_waiting_items_oldest_first_with_filters(as_editor, make_practice, editor, second_editor):
    first = make_practice(stage="submitted", title="Eerst ingediend")
    make_practice("Leuven", stage="submitted", title="Later ingediend")
    make_practice(stage="draft", title="Nog een concept")
    html = as_editor.get("/redactie/").content.decode()
    assert html.index("Eerst ingediend") < html.index("Later ingediend")
    assert "Nog een concept" not in html
    assert 'class="badge">2<' in html  # the count in the navigation
    services.take(practice=first, actor=second_editor)
    mine = as_editor.get("/redactie/?toon=mijn").content.decode()
    free = as_editor.get("/redactie/?toon=vrij").content.decode()
    assert "Eerst ingediend" not in mine and "Eerst ingediend" not in free
    assert "Later ingediend" in free


def test_taking_a_submission_someone_else_took_is_refused(as_editor, make_practice, second_editor):
    practice = make_practice(stage="submitted")
    services.take(practice=practice, actor=second_editor)
    html = decide(as_editor, practice, "nemen").content.decode()
    assert "heeft deze indiening al genomen" in html
    practice.refresh_from_db()
    assert practice.assigned_to == second_editor


def test_approve_publishes_and_mails_the_government(
    as_editor, make_practice, official_a, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://vlaanderenhelpt.example"
    practice = make_practice(stage="submitted", title="Naar de publieke site")
    with django_capture_on_commit_callbacks(execute=True):
        html = decide(as_editor, practice, "goedkeuren", version=practice.working_version_id).content.decode()
    assert "Goedgekeurd en gepubliceerd." in html
    assert Practice.objects.published().filter(pk=practice.pk).exists()
    sent = [m for m in mail.outbox if m.subject == "Gepubliceerd: Naar de publieke site"]
    assert [m.to for m in sent] == [["ambtenaar@gent.be"]]
    assert f"https://vlaanderenhelpt.example/praktijken/{practice.slug}/" in sent[0].body
    assert sent[0].alternatives[0].mimetype == "text/html"


def test_request_changes_needs_a_comment_and_mails_it(as_editor, make_practice, django_capture_on_commit_callbacks):
    practice = make_practice(stage="submitted", title="Nog aan te vullen")
    html = decide(as_editor, practice, "aanpassing-vragen", reason="").content.decode()
    assert "Geef een toelichting bij deze beslissing." in html
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        decide(as_editor, practice, "aanpassing-vragen", reason="Voeg <b>cijfers</b> toe.")
    practice.refresh_from_db()
    assert practice.status == Status.CHANGES_REQUESTED
    message = next(m for m in mail.outbox if m.subject.startswith("Aanpassing gevraagd"))
    assert "Voeg <b>cijfers</b> toe." in message.body  # plain text as typed
    assert "Voeg &lt;b&gt;cijfers&lt;/b&gt; toe." in message.alternatives[0].content  # inert in HTML


def test_forged_decisions_are_refused_and_change_nothing(as_editor, make_practice, editor):
    draft = make_practice(stage="draft", title="Concept")
    html = decide(as_editor, draft, "goedkeuren").content.decode()
    assert "kan niet bij de huidige status" in html
    other = make_practice(stage="submitted", title="Ander")
    submitted = make_practice(stage="submitted", title="Ingediend")
    html = decide(as_editor, submitted, "goedkeuren", version=other.working_version_id).content.decode()
    assert "Er werd intussen een andere versie ingediend" in html
    html = decide(as_editor, submitted, "alles-wissen").content.decode()
    assert "Onbekende beslissing." in html
    assert not Practice.objects.published().exists()
    assert Decision.objects.filter(action=Action.APPROVE).count() == 0


def test_a_decision_without_csrf_token_is_refused(make_practice, editor):
    practice = make_practice(stage="submitted")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(f"/redactie/praktijken/{practice.pk}/beslissen/", {"beslissing": "goedkeuren"})
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_a_correction_by_an_editor_needs_a_second_editor(client, make_practice, editor, second_editor):
    practice = make_practice(stage="submitted", title="Met tikfout")
    services.correct(practice=practice, editor=editor, content=content(title="Zonder tikfout"))
    practice.refresh_from_db()
    assert list(practice.versions.values_list("number", "title")) == [(1, "Met tikfout"), (2, "Zonder tikfout")]
    client.force_login(editor)
    html = decide(client, practice, "goedkeuren").content.decode()
    assert "een andere redacteur moet ze goedkeuren" in html
    client.force_login(second_editor)
    decide(client, practice, "goedkeuren")
    assert Practice.objects.published().get(pk=practice.pk).title == "Zonder tikfout"


def test_one_editor_teams_can_relax_the_second_pair_of_eyes(make_practice, editor, settings):
    settings.REQUIRE_SECOND_EDITOR = False
    practice = make_practice(stage="submitted")
    services.correct(practice=practice, editor=editor, content=content(title="Eigen correctie"))
    services.approve(practice=practice, actor=editor)
    assert Practice.objects.published().get(pk=practice.pk).title == "Eigen correctie"


def test_update_review_compares_field_by_field_changed_first_and_inert(as_editor, make_practice, official_a):
    practice = make_practice(title="Oude titel", summary="Dezelfde samenvatting")
    services.save_draft(
        practice=practice,
        author=official_a,
        content=content(title="Nieuwe <script>alert(1)</script> titel", summary="Dezelfde samenvatting"),
    )
    services.submit(practice=practice, actor=official_a)
    html = as_editor.get(f"/redactie/praktijken/{practice.pk}/").content.decode()
    assert '<del><span class="visually-hidden">verwijderd: </span>Oude</del>' in html
    assert (
        '<ins><span class="visually-hidden">toegevoegd: </span>Nieuwe &lt;script&gt;alert(1)&lt;/script&gt;</ins>'
        in html
    )
    assert "<script>alert(1)</script>" not in html
    assert html.index(">Titel<") < html.index(">Samenvatting<")  # changed fields first


def test_the_review_reads_first_only_changed_fields_shown_and_history_in_time_order(
    as_editor, make_practice, official_a, editor
):
    practice = make_practice(description="- een bon van 20 euro\n- een premie")
    services.save_draft(
        practice=practice, author=official_a, content=content(description="- een bon van 25 euro\n- een premie")
    )
    services.submit(practice=practice, actor=official_a)
    html = as_editor.get(f"/redactie/praktijken/{practice.pk}/").content.decode()
    changed, folded = html.split('<details class="unchanged">')
    folded = folded.split("</details>")[0]
    # The changed long text as a rendered list, with the changed word marked; unchanged fields folded.
    assert '<li>een bon van <del><span class="visually-hidden">verwijderd: </span>20</del>' in changed
    assert ">Wat hebben we gedaan?<" in changed and ">Samenvatting<" not in changed
    assert "ongewijzigde velden tonen" in folded and "Samenvatting" in folded
    # The submission comes before the decision panel; the destructive action asks for a reason.
    assert html.index("Wat verandert ten opzichte") < html.index('id="decide-title"')
    assert 'value="afwijzen" class="danger"' in html and "Waarom wijst u het af?" in html
    # Versions and decisions in time order, the list numbers matching the version numbers.
    assert html.index('<li value="1">') < html.index('<li value="2">')
    timeline = html.split('<ol class="timeline">')[1]
    assert timeline.index("Aangemaakt") < timeline.index("Goedgekeurd") < timeline.index("Ingediend (versie 2)")


def test_editors_are_mailed_on_a_new_submission_unless_they_opted_out(
    make_practice, editor, second_editor, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=second_editor.pk).update(notify_new_submissions=False)
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(stage="submitted", title="Vers ingediend")
    sent = [m for m in mail.outbox if m.subject == "Nieuwe indiening: Vers ingediend"]
    assert [m.to for m in sent] == [["redacteur@vlaanderenhelpt.be"]]
    assert "/redactie/praktijken/" in sent[0].body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_deciding_at_once_record_exactly_one_decision(seeded, make_practice, editor, second_editor):
    practice = make_practice(stage="submitted")
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, action):
        try:
            barrier.wait()
            if action == "approve":
                services.approve(practice=practice, actor=user)
            else:
                services.request_changes(practice=practice, actor=user, reason="Graag cijfers.")
            outcomes.append("ok")
        except services.PracticeError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(editor, "approve")),
        threading.Thread(target=act, args=(second_editor, "changes")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert "al beslist door" in loser  # the other is told who decided what
    decisions = Decision.objects.filter(practice=practice, action__in=[Action.APPROVE, Action.REQUEST_CHANGES])
    assert decisions.count() == 1


def test_an_editor_who_edited_an_officials_draft_cannot_approve_it(make_practice, official_a, editor, second_editor):
    practice = make_practice(stage="draft", title="Van de gemeente")
    services.save_draft(practice=practice, author=editor, content=content(title="Door de redactie aangevuld"))
    services.submit(practice=practice, actor=official_a)
    with pytest.raises(services.PracticeError, match="andere redacteur"):
        services.approve(practice=practice, actor=editor)
    services.approve(practice=practice, actor=second_editor)
    assert Practice.objects.published().get(pk=practice.pk).title == "Door de redactie aangevuld"
