"""The figures at /cijfers/ and /open-data/cijfers.json, each compared with a direct query."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from accounts.models import LocalGovernment
from catalogue import builds, figures
from guidance import services as guidance_services
from guidance.services import SectionText as S
from practices.models import Decision, Phase, Practice, PracticeKind, TargetGroup, Theme


@pytest.fixture
def shared(make_practice, editor):
    made = [
        make_practice("Gent", themes=["economie"], kind="initiatief", target_groups=["inwoners"]),
        make_practice("Gent", themes=["economie", "solidariteit"], kind="sjabloon", partners=["Leuven"]),
        make_practice("Leuven", themes=["zorg-en-opvang"], kind="relanceplan", evidence="gemeten", results="12 %."),
        make_practice("Hasselt", themes=["economie"]),
        make_practice("Genk", stage="submitted"),
        make_practice("Brugge", stage="draft"),
    ]
    # Two of them were first published in earlier months (the data set spans three months).
    now = timezone.now()
    Practice.objects.filter(pk=made[0].pk).update(first_published_at=now - timedelta(days=40))
    Practice.objects.filter(pk=made[2].pk).update(first_published_at=now - timedelta(days=800))
    doc = guidance_services.create_document(
        editor=editor,
        title="Lokale besturen als motor van post-corona herstel",
        sections=[S("Inleiding", "Herstel.", "inleiding")],
    )
    guidance_services.publish(draft=doc.versions.get(), editor=editor, change_note="Eerste versie.", is_major=True)
    suggestion = guidance_services.send_suggestion(
        document=doc,
        anchor="inleiding",
        text="Meer over handel.",
        organisation_type="andere",
        name="Pieter",
        email="p@example.org",
    )
    guidance_services.confirm_suggestion(token=suggestion.confirmation_token)
    draft = guidance_services.start_draft(document=doc, editor=editor)
    guidance_services.publish(
        draft=draft, editor=editor, change_note="Handel.", is_major=False, suggestions=[suggestion]
    )
    guidance_services.start_draft(document=doc, editor=editor)  # a draft is not a published version
    return made


def test_each_figure_is_what_a_direct_query_says(shared, client):
    found = client.get("/cijfers/").context["figures"]
    published = Practice.objects.filter(status__in=["gepubliceerd", "update-ingediend", "update-aanpassing-gevraagd"])
    assert found["published"] == published.count() == 4
    for key, model, attr in (
        ("themes", Theme, "themes"),
        ("phases", Phase, "phases"),
        ("target_groups", TargetGroup, "target_groups"),
    ):
        for row in found[key]:
            assert row["count"] == published.filter(**{f"{attr}__slug": row["key"]}).count(), (key, row)
        assert {row["key"] for row in found[key]} == set(model.objects.offered().values_list("slug", flat=True))
    for row in found["kinds"]:
        assert row["count"] == published.filter(kind=row["key"]).count()
    assert [row["key"] for row in found["kinds"]] == [kind.value for kind in PracticeKind]
    for row in found["evidence"]:
        assert row["count"] == published.filter(evidence=row["key"]).count()
    assert [row["key"] for row in found["evidence"]] == ["idee", "gemeten", "geevalueerd"]
    assert [row["count"] for row in found["evidence"]] == [3, 1, 0]
    for row in found["provinces"]:
        direct = published.filter(Q(local_government__province__slug=row["key"]) | Q(local_government__slug=row["key"]))
        assert row["count"] == direct.count()
    assert next(r for r in found["themes"] if r["key"] == "economie")["count"] == 3

    months = {row["month"]: row["count"] for row in found["months"]}
    assert len(months) == figures.MONTHS
    for month, count in months.items():
        year, number = (int(v) for v in month.split("-"))
        firsts = [timezone.localtime(p.first_published_at) for p in published]
        assert count == sum(1 for at in firsts if (at.year, at.month) == (year, number)), month
    assert sum(months.values()) == 3  # the one of 800 days ago is older than the chart

    owners = set(published.values_list("local_government", flat=True))
    assert found["sharing"]["count"] == len(owners) == 3 and found["sharing"]["of"] == 285
    for row in found["sharing"]["provinces"]:
        members = LocalGovernment.objects.municipalities().active().filter(province__slug=row["key"])
        assert row["of"] == members.count() and row["count"] == members.filter(pk__in=owners).count()
    assert sum(row["of"] for row in found["sharing"]["provinces"]) == 285

    decided = Decision.objects.filter(action="goedkeuren", created_at__gte=timezone.now() - timedelta(days=365))
    assert found["review"] == {"decisions": decided.count(), "median": 0, "p90": 0}  # decided the same day

    assert found["guidance"] == [
        {
            "title": "Lokale besturen als motor van post-corona herstel",
            "url": "/handreikingen/lokale-besturen-als-motor-van-post-corona-herstel/",
            "versions": 2,
            "suggestions_taken_in": 1,
        }
    ]


def test_the_median_and_the_90th_percentile_of_review_days():
    assert figures._review([]) == {"decisions": 0, "median": None, "p90": None}
    assert figures._review([3, 1, 2, 10, 4, 5, 6, 7, 8, 9]) == {"decisions": 10, "median": 5.5, "p90": 9}
    assert figures._review([4]) == {"decisions": 1, "median": 4, "p90": 4}


def test_the_page_shows_the_figures_beside_their_bars_and_the_open_data_says_the_same(shared, client):
    html = client.get("/cijfers/").content.decode()
    assert "4 gepubliceerde praktijkvoorbeelden." in html and "3 van de 285 gemeenten deelden er minstens één." in html
    assert '<th scope="row"><a href="/praktijken/?thema=economie">Economie</a></th><td class="number">3</td>' in html
    assert '<rect width="100.0" height="10"/>' in html  # the largest bar fills its cell
    data = client.get("/open-data/cijfers.json").json()
    assert data["published"] == 4 and data["sharing"]["count"] == 3
    assert next(r for r in data["themes"] if r["key"] == "economie")["count"] == 3
    assert data["guidance"][0]["versions"] == 2


@pytest.mark.parametrize("count", [1, 30])
def test_the_figures_query_budget_does_not_grow_with_practices(
    client, make_practice, count, django_assert_max_num_queries
):
    for n in range(count):
        make_practice(["Gent", "Leuven", "Hasselt"][n % 3], title=f"Voorbeeld {n}", themes=["economie"])
    builds.build_and_keep()  # what the task does after each publication
    with django_assert_max_num_queries(14):  # the questions' part reads four
        response = client.get("/cijfers/")
    assert response.context["figures"]["published"] == count
    with django_assert_max_num_queries(3):  # kept per catalogue generation
        client.get("/open-data/cijfers.json")
