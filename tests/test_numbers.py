"""Numbers from a request: ASCII digits only, never a server error."""

import pytest

from practices.models import Decision
from vlaanderenhelpt.numbers import whole_number

ODD = ["²", "٣", "１", "1_000", " 1", "1.0", "-1", "", "9" * 40, "0x10"]


@pytest.mark.parametrize("value", ODD)
def test_only_plain_ascii_digits_are_numbers(value):
    assert whole_number(value) is None


def test_plain_numbers_with_bounds():
    assert whole_number("007") == 7
    assert whole_number("0", minimum=1, default=1) == 1
    assert whole_number("99999", maximum=10_000) == 10_000


@pytest.mark.parametrize("value", ["²", "٣", "1_000", "9" * 40])
def test_an_odd_version_number_on_a_decision_is_not_found(client, editor, make_practice, value):
    practice = make_practice(stage="submitted")
    client.force_login(editor)
    before = Decision.objects.count()
    response = client.post(f"/redactie/praktijken/{practice.pk}/beslissen/", {"beslissing": "nemen", "versie": value})
    assert response.status_code == 404
    assert Decision.objects.count() == before


@pytest.mark.parametrize("value", ["²", "٣", "1_000", "9" * 40])
def test_odd_page_numbers_show_the_first_page(client, make_practice, value):
    make_practice()
    for url in ("/praktijken/", "/besturen/44021/"):
        response = client.get(url, {"pagina": value})
        assert response.status_code == 200
        assert response.context["page"].number == 1
