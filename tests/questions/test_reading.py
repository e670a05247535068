"""Where readers find clarifications besides /vragen/: the open-data file, the sitemap and the Atom feed."""

import json
import re

import pytest

from catalogue import exports
from questions import publishing, services
from questions.publishing import Draft, RuleText


@pytest.fixture
def published(ask, desk, editor, second_editor):
    made = []
    for theme, title in (("personeel", "Telewerk mag ook na de crisis"), ("financien", "Belastingen kwijtschelden")):
        question = ask(theme=theme, title=f"Vraag over {title}")
        services.answer(question=question, actor=desk, text="Antwoord.")
        clarification = publishing.create(editor=editor, questions=[question])
        version = clarification.versions.get()
        publishing.save_draft(
            version=version,
            editor=editor,
            draft=Draft(title=title, body=f"Uitleg: {title}.", rules=(RuleText(name="Decreet", article="art. 5"),)),
        )
        publishing.submit(version=version, editor=editor)
        publishing.approve(version=version, editor=second_editor)
        clarification.refresh_from_db()
        made.append(clarification)
    return made


def test_the_open_data_file_holds_every_published_clarification(client, published, ask, editor):
    exports.write_files()  # what the task does after each change
    response = client.get("/open-data/verduidelijkingen.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(b"".join(response.streaming_content))
    assert data["licentie"] == "CC BY 4.0"
    rows = {row["slug"]: row for row in data["verduidelijkingen"]}
    assert set(rows) == {c.slug for c in published}
    row = rows[published[0].slug]
    assert row["titel"] == "Telewerk mag ook na de crisis" and row["thema"] == "Personeel"
    assert row["regels"] == [{"naam": "Decreet", "artikel": "art. 5", "url": "", "geldig_vanaf": "", "geldig_tot": ""}]
    assert "verduidelijkingen.json" in client.get("/open-data/").content.decode()


def test_the_sitemap_and_the_feed_name_every_published_version(client, published, editor, second_editor):
    clarification = published[0]
    second = publishing.start_correction(clarification=clarification, editor=editor)
    publishing.save_draft(
        version=second, editor=editor, draft=Draft(title="Telewerk blijft", body="Nieuw.", change_note="Korter.")
    )
    publishing.submit(version=second, editor=editor)
    publishing.approve(version=second, editor=second_editor)
    index = client.get("/sitemap.xml").content.decode()
    section = re.search(r"<loc>[^<]*(/sitemap-verduidelijkingen\.xml[^<]*)</loc>", index).group(1)
    urls = re.findall(r"<loc>http://[^/]+([^<]+)</loc>", client.get(section).content.decode())
    assert set(urls) == {c.get_absolute_url() for c in published} | {f"{clarification.get_absolute_url()}versies/1/"}
    feed = client.get("/feeds/verduidelijkingen.atom").content.decode()
    assert feed.count("<entry>") == 3 and "Telewerk blijft (versie 2)" in feed and "Korter." in feed
    themed = client.get("/feeds/verduidelijkingen.atom?thema=financien").content.decode()
    assert themed.count("<entry>") == 1 and "Belastingen kwijtschelden" in themed


def test_a_search_of_the_practices_shows_the_matching_clarifications_beside_them(client, published, make_practice):
    make_practice(title="Telewerk in de bibliotheek")
    page = client.get("/praktijken/?q=telewerk").content.decode()
    assert "Verduidelijkingen van ABB" in page and published[0].get_absolute_url() in page
    assert published[1].get_absolute_url() not in page
    assert "Verduidelijkingen van ABB" not in client.get("/praktijken/?q=bibliotheek").content.decode()
    assert "Verduidelijkingen van ABB" not in client.get("/praktijken/").content.decode()
