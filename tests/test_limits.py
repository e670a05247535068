"""The client address behind the proxy, the one rate limiter (per address and per e-mail address), and
the login lock that holds for an account attacked from many addresses."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import RequestFactory

from guidance import services as guidance_services
from guidance.models import Suggestion
from guidance.services import SectionText as S
from practices.models import ProblemReport
from tests.conftest import PASSWORD
from vlaanderenhelpt.limits import client_address


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_connecting_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_counts_and_spoofed_entries_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # A visitor who sends their own X-Forwarded-For: the proxy appends the real address on the right.
    assert client_address(request_from("127.0.0.1", "10.0.0.1, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request_from("127.0.0.1", "niet-een-adres")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


def test_behind_two_proxies_the_second_entry_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.1.1")) == "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def post(client, url, data, visitor):
        return client.post(url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=visitor)

    return post


def test_visitors_behind_the_proxy_each_have_their_own_limit(client, make_practice, behind_proxy):
    practice = make_practice()
    url = f"/praktijken/{practice.slug}/melden/"
    data = {"kind": "onjuist", "text": "Klopt niet.", "email": "", "website": ""}
    first = [behind_proxy(client, url, data, "198.51.100.1").status_code for _ in range(6)]
    assert first == [302] * 5 + [429]
    assert behind_proxy(client, url, data, "198.51.100.2").status_code == 302
    assert ProblemReport.objects.count() == 6


def test_one_e_mail_address_is_limited_whatever_address_it_comes_from(client, editor, behind_proxy):
    doc = guidance_services.create_document(editor=editor, title="Gids", sections=[S("Deel", "Tekst.", "deel")])
    guidance_services.publish(draft=doc.versions.get(), editor=editor, change_note="", is_major=False)
    url = f"{doc.get_absolute_url()}suggestie/"
    data = {
        "anchor": "",
        "text": "Idee.",
        "organisation_type": "burger",
        "organisation": "",
        "name": "Jan",
        "email": "jan@example.org",
        "website": "",
    }
    answers = [behind_proxy(client, url, data, f"198.51.100.{n}").status_code for n in range(1, 7)]
    assert answers == [302] * 5 + [429]
    response = behind_proxy(client, url, data, "198.51.100.99")
    assert response.status_code == 429 and "Even geduld" in response.content.decode()
    assert response["Retry-After"].isdigit()
    assert Suggestion.objects.count() == 5


def login(client, password, visitor):
    return client.post(
        "/aanmelden/",
        {"username": "ambtenaar@gent.be", "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=visitor,
    )


def test_an_account_attacked_from_many_addresses_is_locked_for_a_short_growing_time(client, official_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, "fout", f"198.51.100.{n}")
    locked = login(client, PASSWORD, "203.0.113.50")  # the right password, from yet another address
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "kan niemand zich er de volgende minuut mee aanmelden" in html
    assert "_auth_user_id" not in client.session
    assert {log.ip_address for log in AccessFailureLog.objects.all()} >= {"198.51.100.0", "198.51.100.4"}

    # A minute later the lock is gone: nobody keeps a colleague out for long.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=2))
    AccessFailureLog.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=2))
    # Five more failures lock it again, now for longer.
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, "fout", f"198.51.101.{n}")
    again = login(client, PASSWORD, "203.0.113.51")
    assert again.status_code == 429
    assert "de volgende 2 minuten" in again.content.decode()
