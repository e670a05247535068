"""Files sent with a question: checked like every attachment, read by the asking government and the desk
only, deleted with the thread."""

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from questions import retention, services
from questions.models import Question, QuestionAttachment, QuestionTheme
from tests.conftest import PDF_BYTES
from vlaanderenhelpt.attachments import make_upload


def _send(client, gent, files):
    client.post(
        "/mijn-vragen/nieuw/",
        {
            "local_government": gent.pk,
            "theme": QuestionTheme.objects.get(slug="personeel").pk,
            "title": "Telewerk voor contractuelen",
            "text": "Zie het reglement in bijlage.",
        },
    )
    return client.post("/mijn-vragen/nieuw/controleren/", {"actie": "versturen", "files": files})


def test_a_file_goes_with_the_question_and_only_its_government_and_the_desk_read_it(
    client, gent, official_a, colleague_a, official_b, editor, desk
):
    client.force_login(official_a)
    sent = _send(client, gent, [make_upload("reglement.pdf", PDF_BYTES)])
    question = Question.objects.get()
    assert sent["Location"] == f"/mijn-vragen/{question.reference}/verstuurd/"
    attachment = question.attachments.get()
    assert attachment.original_name == "reglement.pdf" and "reglement" not in attachment.file.name
    for user, url, status in (
        (official_a, attachment.get_absolute_url(), 200),
        (colleague_a, attachment.get_absolute_url(), 200),
        (official_b, attachment.get_absolute_url(), 404),
        (editor, attachment.get_absolute_url(), 404),
        (desk, attachment.get_absolute_url(), 404),
        (desk, attachment.get_desk_url(), 200),
        (official_a, attachment.get_desk_url(), 404),
        (editor, attachment.get_desk_url(), 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, (user, url)
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    client.force_login(official_a)
    assert attachment.get_absolute_url() in client.get(question.get_absolute_url()).content.decode()


def test_a_disguised_file_is_refused_at_the_field_and_nothing_is_sent(client, gent, official_a):
    client.force_login(official_a)
    page = _send(client, gent, [make_upload("reglement.pdf", b"<html><script>alert(1)</script></html>")])
    html = page.content.decode()
    assert page.status_code == 200 and 'class="error-summary"' in html
    assert "reglement.pdf: De inhoud van het bestand komt niet overeen" in html
    assert not Question.objects.exists() and not QuestionAttachment.objects.exists()
    too_many = _send(client, gent, [make_upload(f"b{n}.pdf", PDF_BYTES) for n in range(6)]).content.decode()
    assert "Hoogstens 5 bestanden." in too_many and not Question.objects.exists()


def test_the_files_go_with_the_thread_after_the_retention_period(ask, desk, official_a, settings):
    question = ask(attachments=[make_upload("plan.pdf", PDF_BYTES)])
    services.answer(question=question, actor=desk, text="Ja.")
    services.add(question=question, official=official_a, text="Nog een.", attachments=[make_upload("b.pdf", PDF_BYTES)])
    names = [a.file.name for a in question.attachments.all()]
    assert len(names) == 2 and all(default_storage.exists(name) for name in names)
    Question.objects.filter(pk=question.pk).update(closed_at=timezone.now() - datetime.timedelta(days=6 * 366))
    assert retention.forget_closed() == 1
    assert not QuestionAttachment.objects.exists() and not any(default_storage.exists(name) for name in names)
