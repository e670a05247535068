"""The ways in: the home page's route to sharing an example, a useful profile, and finding a government."""

from accounts.models import User
from tests.conftest import PASSWORD


def test_the_home_page_shows_each_person_their_way_to_share_an_example(client, official_a, db):
    html = client.get("/").content.decode()
    assert "Deel uw praktijkvoorbeeld" in html
    assert 'href="/aanmelden/?next=/mijn-praktijken/"' in html and 'href="/toegang-aanvragen/"' in html
    client.force_login(official_a)
    html = client.get("/").content.decode()
    assert 'class="button" href="/mijn-praktijken/nieuw/"' in html and "/aanmelden/?next=" not in html
    stranger = User.objects.create_user(email="zonder@bestuur.be", password=PASSWORD)
    client.force_login(stranger)
    html = client.get("/").content.decode()
    assert "Uw account is nog niet gekoppeld aan een lokaal bestuur." in html
    assert 'href="/mijn-praktijken/nieuw/"' not in html


def test_the_profile_shows_memberships_the_governments_practices_and_the_emails(client, official_a, make_practice):
    make_practice(stage="submitted", title="Buurtbellers")
    client.force_login(official_a)
    html = client.get("/profiel/").content.decode()
    assert "Gent" in html and "Buurtbellers" in html and 'class="tag tag-ingediend"' in html
    assert "U krijgt een e-mail wanneer de redactie beslist" in html and 'href="/wachtwoord-wijzigen/"' in html


def test_any_government_can_be_found_by_name_merged_ones_too(client, make_practice):
    make_practice("Gent", title="Een voorbeeld")
    html = client.get("/besturen/?q=gen").content.decode()
    assert '>Gent</a> <span class="count">(1)</span>' in html
    assert '>Genk</a> <span class="count">(0)</span>' in html  # no practices, still found
    # A municipality that merged in 2025 is found under its old name and marked so.
    html = client.get("/besturen/?q=kortessem").content.decode()
    assert "Kortessem</a>" in html and "gefuseerd" in html
    html = client.get("/besturen/?q=" + "x" * 500 + "%00").content.decode()
    assert "0 besturen gevonden" in html
