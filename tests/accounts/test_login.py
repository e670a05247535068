"""Logging in: the editors' permission, addresses in any case, the same answer for every failure, locking, landing."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import EDITORS_GROUP
from tests.conftest import PASSWORD


def test_the_editors_group_declares_its_permission(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "edit_clarification",
        "edit_guidance",
        "manage_access",
        "moderate_practice",
    ]


def test_editor_persona_has_the_permission_and_officials_do_not(editor, official_a):
    assert editor.is_editor
    assert not official_a.is_editor


def test_login_with_email_in_any_case(client, official_a):
    response = client.post("/aanmelden/", {"username": "AMBTENAAR@Gent.be", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(official_a.pk)


def test_wrong_password_and_unknown_address_get_the_same_answer(client, official_a):
    known = client.post("/aanmelden/", {"username": "ambtenaar@gent.be", "password": "fout"}).content.decode()
    unknown = client.post("/aanmelden/", {"username": "niemand@gent.be", "password": "fout"}).content.decode()
    message = "Dit e-mailadres en wachtwoord passen niet bij elkaar."
    assert message in known and message in unknown
    assert "Er is een probleem" in known  # the error summary on top


@pytest.mark.parametrize("path", ["/aanmelden/", "/admin/login/"])
def test_repeated_failures_lock_the_login_with_a_dutch_message(client, official_a, path, settings):
    field = "username"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(path, {field: "ambtenaar@gent.be", "password": "fout"})
    response = client.post(path, {field: "ambtenaar@gent.be", "password": PASSWORD})
    assert response.status_code == 429
    assert "Aanmelden tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_each_person_lands_where_their_work_is_and_next_still_wins(client, official_a, editor, db):
    from accounts.models import User

    def log_in(email, url="/aanmelden/"):
        client.logout()
        return client.post(url, {"username": email, "password": PASSWORD})["Location"]

    assert log_in("ambtenaar@gent.be") == "/mijn-praktijken/"
    assert log_in("redacteur@vlaanderenhelpt.be") == "/redactie/"
    User.objects.create_user(email="nieuw@example.org", password=PASSWORD)
    assert log_in("nieuw@example.org") == "/profiel/"  # no government yet: the profile says what to do
    assert log_in("ambtenaar@gent.be", "/aanmelden/?next=/handreikingen/") == "/handreikingen/"
