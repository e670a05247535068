"""The practice form renders what a browser can read back, and a note belongs to one submission."""

import datetime
import re

from practices import services
from practices.forms import PracticeForm
from practices.models import Practice, Status


def test_dates_render_as_iso_so_a_browser_date_field_shows_them(official_a, make_practice):
    practice = make_practice(stage="draft", started_on=datetime.date(2020, 3, 23), ended_on=datetime.date(2020, 5, 4))
    html = str(
        PracticeForm(user=official_a, practice=practice, initial=PracticeForm.initial_from(practice.working_version))
    )
    assert re.search(r'<input type="date" name="started_on" value="2020-03-23"', html)
    assert re.search(r'<input type="date" name="ended_on" value="2020-05-04"', html)


def test_the_note_to_editors_belongs_to_one_submission(client, official_a, make_practice, editor):
    practice = make_practice(stage="draft")
    version = practice.working_version
    version.note_to_editors = "Eerste indiening: de cijfers volgen."
    version.save(update_fields=["note_to_editors"])
    services.submit(practice=practice, actor=official_a)
    services.request_changes(practice=practice, actor=editor, reason="Voeg cijfers toe.")
    client.force_login(official_a)
    page = client.get(f"/mijn-praktijken/{practice.pk}/controleren/").content.decode()
    assert "Eerste indiening" not in page
    # A draft not yet sent keeps its own note while it is being written.
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.status == Status.CHANGES_REQUESTED
    initial = PracticeForm.initial_from(practice.working_version)
    assert initial["note_to_editors"] == ""
    draft = make_practice(stage="draft", title="Nog niet ingediend")
    draft.working_version.note_to_editors = "Nog te bekijken"
    draft.working_version.save(update_fields=["note_to_editors"])
    assert PracticeForm.initial_from(draft.working_version)["note_to_editors"] == "Nog te bekijken"
