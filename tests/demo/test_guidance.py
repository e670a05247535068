"""The demo guidance loads through the services and shows every part of a living document."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from guidance.models import GuidanceDecision, GuidanceDocument, Suggestion


def test_the_demo_guidance_shows_every_state(db, settings, client):
    settings.DEMO_CONTENT = True
    call_command("load_demo", stdout=io.StringIO())
    herstel = GuidanceDocument.objects.get(title="Lokale besturen als motor van post-corona herstel")
    versions = list(herstel.versions.published().order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[2].published_at.date() == datetime.date(2020, 6, 8)
    assert all(v.change_note for v in versions)
    anchors = [s.anchor for s in versions[2].sections.all()]
    assert anchors == ["inleiding", "levenskwaliteit", "solidariteit", "economie", "zorg-en-opvang"]
    assert {s.status for s in herstel.suggestions.all()} == set(Suggestion.Status.values)
    assert herstel.suggestions.filter(status=Suggestion.Status.TAKEN_IN, taken_in=versions[1]).count() == 2
    assert versions[1].attachments.count() == versions[2].attachments.count() == 1
    assert GuidanceDocument.objects.filter(title="Veilig samenkomen: sensibiliseren en handhaven").exists()

    page = client.get(herstel.get_absolute_url()).content.decode()
    assert "Versie 3, bijgewerkt op 8 juni 2020" in page and "Coronazorgcentrum voor thuiswonende ouderen" in page
    history = client.get(f"{herstel.get_absolute_url()}versies/").content.decode()
    assert "2 suggesties verwerkt" in history and "1 suggestie verwerkt" in history

    call_command("load_demo", stdout=io.StringIO())
    assert GuidanceDocument.objects.count() == 2  # loading twice adds nothing
    assert herstel.review_before == datetime.date(2021, 1, 31)  # overdue for review
    planned = (
        GuidanceDocument.objects.get(title="Veilig samenkomen: sensibiliseren en handhaven").versions.drafts().get()
    )
    assert planned.scheduled_for is not None and planned.scheduled_for > timezone.now()
    call_command("load_demo", stdout=io.StringIO())  # again: nothing changes
    assert GuidanceDecision.objects.filter(action="schedule").count() == 1
