"""Every link names its target: no link on a page the persona ladder walks reads "start", "hier", "meer"
or another word that search engines and a screen reader's list of links cannot tell apart."""

from html.parser import HTMLParser

import pytest

from tests.test_permissions import html_pages, objects  # noqa: F401 - objects is the ladder's fixture

# Lighthouse's lists of link texts that say nothing (every language it knows, as it reads them when a
# page's language is not detected), and their Dutch counterparts.
NON_DESCRIPTIVE = {
    "click here",
    "click this",
    "go",
    "here",
    "information",
    "learn more",
    "more",
    "more info",
    "more information",
    "right here",
    "read more",
    "see more",
    "start",
    "this",
    "aquí",
    "aqui",
    "más",
    "mas",
    "este",
    "enlace",
    "empezar",
    "ir",
    "mais",
    "här",
    "mer",
    "läs mer",
    "hier",
    "mehr",
    "siehe",
    "dies",
    "das",
    "weiterlesen",
    "klik hier",
    "klik",
    "meer",
    "lees meer",
    "meer info",
    "meer informatie",
    "informatie",
    "deze",
    "dit",
    "link",
    "ga",
    "verder",
    "bekijk",
    "bekijken",
    "hier klikken",
}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth, self.text, self.found = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.depth, self.text = 1, []
        elif self.depth and tag == "img":
            self.text.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag):
        if tag == "a" and self.depth:
            self.found.append(" ".join("".join(self.text).split()))
            self.depth = 0

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


@pytest.mark.parametrize("persona", ["anonymous", "official_a", "editor"])
def test_every_link_names_its_target(client, request, objects, persona):  # noqa: F811
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    vague = []
    for url, page in html_pages(client, objects, persona):
        parser = Links()
        parser.feed(page.content.decode())
        vague += [f"{url}: “{text}”" for text in parser.found if text.lower() in NON_DESCRIPTIVE or not text]
    assert not vague, "\n".join(vague)
