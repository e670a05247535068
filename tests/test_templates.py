"""What every template shares: machine-readable times that the HTML standard accepts, and times in words."""

import re

VALID = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def test_time_elements_carry_valid_datetimes(client, make_practice, official_a, editor):
    published = make_practice()
    submitted = make_practice(stage="submitted", title="In beoordeling")
    pages = [client.get(published.get_absolute_url())]
    client.force_login(official_a)
    pages += [client.get("/mijn-praktijken/"), client.get(f"/mijn-praktijken/{submitted.pk}/")]
    client.force_login(editor)
    pages.append(client.get(f"/redactie/praktijken/{submitted.pk}/"))
    for response in pages:
        values = re.findall(r'<time datetime="([^"]*)"', response.content.decode())
        assert values, response.wsgi_request.path
        assert all(VALID.fullmatch(v) for v in values), (response.wsgi_request.path, values)


def test_waiting_times_read_as_people_say_them():
    from datetime import timedelta

    from django.utils import timezone

    from vlaanderenhelpt.template_filters import days_ago

    now = timezone.now()
    assert days_ago(now) == "vandaag"
    assert days_ago(now - timedelta(days=1)) == "gisteren"
    assert days_ago(now - timedelta(days=3)) == "3 dagen"
    assert days_ago(None) == ""
