"""The demo questions load through the services: every state, a desk, two clarifications on the guidance."""

import io

from django.core.management import call_command

from questions.models import Clarification, Question, Status


def test_the_demo_questions_show_every_state_and_two_clarifications(db, settings, client):
    settings.DEMO_CONTENT = True
    call_command("load_demo", stdout=(out := io.StringIO()))
    assert "vragendesk@vlaanderenhelpt.be" in out.getvalue()
    assert set(Question.objects.values_list("status", flat=True)) == set(Status.values)
    assert Question.objects.filter(duplicate_of__isnull=False).count() == 2
    published = Clarification.objects.published()
    assert published.count() == 2 and all(c.asked_count == 2 for c in published)
    herstel = published.first().current.sections.first().document
    page = client.get(herstel.get_absolute_url()).content.decode()
    assert page.count("Vragen over dit onderdeel") == 2
    assert client.get("/vragen/").content.decode().count('class="card"') == 2
    call_command("load_demo", stdout=io.StringIO())
    assert Question.objects.count() == 8 and Clarification.objects.count() == 2  # loading twice adds nothing
