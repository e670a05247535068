"""Open data as files: written by a task after every catalogue change, equal to a direct export, and
served as files with validators (or handed to the proxy)."""

import csv
import io
import json

from catalogue import exports, upkeep
from practices.models import Practice
from vlaanderenhelpt.generation import generation


def _direct_export():
    """The export computed the slow, obvious way: model instances and their relations."""
    rows = []
    for p in Practice.objects.published().order_by("pk"):
        government = p.local_government
        rows.append(
            {
                "slug": p.slug,
                "titel": p.title,
                "samenvatting": p.summary,
                "soort": p.kind,
                "bewijs": p.evidence,
                "bestuur": government.name,
                "nis_code": government.nis_code or "",
                "provincie": government.province.name if government.province else "",
                "partners": ";".join(g.name for g in p.partners.all()),
                "themas": ";".join(t.name for t in p.themes.all()),
                "fases": ";".join(t.name for t in p.phases.all()),
                "doelgroepen": ";".join(t.name for t in p.target_groups.all()),
                "trefwoorden": ";".join(sorted(t.name for t in p.tags.all())),
                "gestart_op": p.started_on.isoformat() if p.started_on else "",
            }
        )
    return rows


def _read_csv(client):
    response = client.get("/open-data/praktijken.csv")
    return response, list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_csv_and_json_files_equal_a_direct_export(client, make_practice, editor):
    make_practice(
        "Hasselt",
        title="Met alles",
        themes=["economie", "cultuur", "solidariteit"],
        partners=["Genk", "As"],
        target_groups=["horeca", "handelaars"],
        tags=["zomer", "bon"],
        started_on="2020-05-01",
    )
    make_practice(title="Zonder extra's", themes=["economie"], phases=[], target_groups=[])
    make_practice(stage="submitted", title="Nog niet publiek")
    from practices import services

    archived = make_practice(title="Gearchiveerd")
    services.archive(practice=archived, actor=editor, reason="Verouderd.")
    expected = _direct_export()
    _response, rows = _read_csv(client)
    keys = list(expected[0])
    assert [{k: r[k] for k in keys} for r in rows] == expected
    data = json.loads(b"".join(client.get("/open-data/praktijken.json").streaming_content))
    assert [{k: r[k] for k in keys} for r in data["praktijkvoorbeelden"]] == expected
    assert exports.written_generation() == generation()


def test_a_publication_writes_the_files_anew(client, make_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(title="Eerste")
    before = exports.written_generation()
    assert before == generation()  # written by the task the publication queued
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(title="Tweede")
    assert exports.written_generation() != before and exports.is_current()
    _response, rows = _read_csv(client)
    assert {r["titel"] for r in rows} == {"Eerste", "Tweede"}


def test_downloads_carry_validators_and_a_repeat_is_not_sent_again(client, make_practice):
    make_practice(title="Eén")
    response, _rows = _read_csv(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8" and response["ETag"] and response["Last-Modified"]
    again = client.get("/open-data/praktijken.csv", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    page = client.get("/open-data/").content.decode()
    assert "De bestanden werden aangemaakt op" in page


def test_behind_the_proxy_the_file_is_handed_over(client, make_practice, settings):
    settings.OPEN_DATA_ACCEL_REDIRECT = "/_open-data/"
    make_practice(title="Eén")
    response = client.get("/open-data/praktijken.json")
    assert response["X-Accel-Redirect"] == "/_open-data/praktijkvoorbeelden.json"
    assert response.content == b"" and response["Content-Type"] == "application/json; charset=utf-8"


def test_the_export_is_queued_once_per_catalogue_generation(make_practice):
    from django.core.cache import cache

    make_practice(title="Eén")
    upkeep.request_export()  # stale after the publication: written (the test backend runs it at once)
    assert exports.is_current()
    (exports.folder() / exports.GENERATION_FILE).unlink()
    upkeep.request_export()  # many downloads of a stale file queue no second export
    assert exports.written_generation() is None
    cache.delete(f"catalogue:open-data-asked:{generation()}")  # as after QUEUED_SECONDS
    upkeep.request_export()
    assert exports.is_current()
