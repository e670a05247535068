"""Comparisons on known inputs: rendered text compared by block and by word, inert whatever was typed."""

from guidance.diff import as_sections, compare_sections, summary
from vlaanderenhelpt.diff import rendered_diff

ADDED = '<span class="visually-hidden">toegevoegd: </span>'
REMOVED = '<span class="visually-hidden">verwijderd: </span>'


def test_a_changed_list_item_stays_a_list_item_with_the_changed_words_marked():
    old = "Wat we deden:\n\n- een **bon** van 20 euro\n- een premie voor terrassen\n"
    new = "Wat we deden:\n\n- een **bon** van 25 euro\n- een premie voor terrassen\n- gratis parkeren\n"
    html = str(rendered_diff(old, new))
    assert html.startswith("<p>Wat we deden:</p>\n<ul>")
    assert f"<li>een <strong>bon</strong> van <del>{REMOVED}20</del> <ins>{ADDED}25</ins> euro</li>" in html
    assert "<li>een premie voor terrassen</li>" in html  # unchanged, unmarked
    assert f"<li><ins>{ADDED}gratis parkeren</ins></li>\n</ul>" in html
    assert html.count("<ul>") == 1


def test_blocks_added_and_removed_are_marked_as_a_whole():
    html = str(rendered_diff("Eerste alinea.\n\n### Oude kop", "Eerste alinea.\n\nNieuwe alinea."))
    assert "<p>Eerste alinea.</p>" in html
    assert f'<del class="diff-block">{REMOVED}<h5>Oude kop</h5></del>' in html
    assert f'<ins class="diff-block">{ADDED}<p>Nieuwe alinea.</p></ins>' in html


def test_script_and_markup_in_either_version_stay_inert():
    old = 'Oud <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    new = 'Nieuw <iframe src="https://kwaad.example"></iframe> <a href="#" onclick="alert(4)">klik</a> </del><ins>'
    html = str(rendered_diff(old, new))
    for forbidden in ("<script", "<img", "<iframe", "onerror", "onclick", "javascript:"):
        assert forbidden not in html.lower(), forbidden
    # Typed tags are shown as text or dropped, and every <ins> and <del> is one the comparison made.
    assert html.count("<ins") == html.count("</ins>") and html.count("<del") == html.count("</del>")
    assert html.count("<ins") == html.count(ADDED) and html.count("<del") == html.count(REMOVED)


def test_a_moved_section_says_from_where_to_where_and_the_summary_counts():
    old = as_sections([{"anchor": a, "title": a.title(), "body": f"Tekst {a}."} for a in ("a", "b", "c", "d")])
    new = as_sections(
        [
            {"anchor": "d", "title": "D", "body": "Tekst d."},
            {"anchor": "a", "title": "A", "body": "Tekst a, nieuw."},
            {"anchor": "b", "title": "B", "body": "Tekst b."},
            {"anchor": "e", "title": "E", "body": "Nieuw."},
        ]
    )
    rows = {row["section"].anchor: row for row in compare_sections(old, new)}
    assert rows["d"]["kind"] == "moved" and (rows["d"]["old_position"], rows["d"]["new_position"]) == (4, 1)
    assert rows["b"]["kind"] == "same"  # pushed down one place by the move, not moved itself
    assert rows["a"]["kind"] == "changed"
    assert rows["c"]["kind"] == "removed" and rows["e"]["kind"] == "added"
    assert summary(list(rows.values())) == {"changed": 1, "added": 1, "removed": 1, "moved": 1, "renamed": 0}


def test_the_public_comparison_shows_the_summary_the_legend_and_the_move(client, editor):
    from guidance import services
    from guidance.services import SectionText as S

    doc = services.create_document(
        editor=editor,
        title="Veilig samenkomen",
        sections=[S("Eerst", "- een\n- twee", "eerst"), S("Dan", "Tekst.", "dan"), S("Slot", "Einde.", "slot")],
    )
    services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste.", is_major=True)
    draft = services.start_draft(document=doc, editor=editor)
    services.save_sections(
        draft=draft,
        editor=editor,
        sections=[S("Slot", "Einde.", "slot"), S("Eerst", "- een\n- drie", "eerst"), S("Dan", "Tekst.", "dan")],
    )
    services.publish(draft=draft, editor=editor, change_note="Herschikt.", is_major=False)
    html = client.get(f"{doc.get_absolute_url()}vergelijk/?van=1&naar=2").content.decode()
    assert "1 onderdeel met gewijzigde tekst" in html and "1 verplaatst" in html
    assert "Verplaatst van plaats 3 naar plaats 1." in html
    assert f"<li><del>{REMOVED}twee</del> <ins>{ADDED}drie</ins></li>" in html
    assert "Zo leest u de wijzigingen:" in html
