"""The Nu HTML checker that every browser test runs over the pages it is served: alive, and strict."""

import pytest

from tests.e2e.conftest import nu_errors

pytestmark = pytest.mark.e2e


def test_the_checker_finds_an_invalid_datetime_and_passes_a_valid_page(nu_checker):
    if nu_checker is None:
        pytest.skip("the Nu HTML checker is not installed (make vnu)")
    page = (
        '<!doctype html><html lang="nl"><head><title>t</title></head><body><time datetime="{}">t</time></body></html>'
    )
    errors = nu_errors(nu_checker, page.format("2020-03-23T10:00:00.123456+01:00"))
    assert any("datetime" in e["message"] for e in errors)
    assert nu_errors(nu_checker, page.format("2020-03-23T10:00:00+01:00")) == []
