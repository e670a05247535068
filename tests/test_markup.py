"""Markdown: what is rendered, and what is made inert."""

from vlaanderenhelpt.markup import highlight, render_markdown


def test_markdown_becomes_html():
    html = render_markdown("Een **vet** woord en een [link](https://www.vlaanderen.be).\n\n- een\n- twee")
    assert "<strong>vet</strong>" in html
    assert '<a href="https://www.vlaanderen.be" rel="nofollow noopener noreferrer">link</a>' in html
    assert "<li>een</li>" in html


def test_script_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)"><p onclick="x()">tekst</p>')
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html
    assert "tekst" in html


def test_javascript_and_data_links_lose_their_target():
    html = render_markdown("[klik](javascript:alert(1)) en [data](data:text/html;base64,PHNjcmlwdD4=)")
    assert "javascript:" not in html
    assert "data:text" not in html
    assert "klik" in html


def test_headings_typed_by_a_user_start_below_the_page_headings():
    html = render_markdown("# Titel\n\n## Deel")
    assert "<h3>Titel</h3>" in html
    assert "<h4>Deel</h4>" in html
    assert "<h1" not in html


def test_empty_text_gives_empty_html():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_highlight_escapes_everything_but_the_markers():
    html = highlight("<b>mondmaskers</b> \x02kopen\x03")
    assert html == "&lt;b&gt;mondmaskers&lt;/b&gt; <mark>kopen</mark>"
