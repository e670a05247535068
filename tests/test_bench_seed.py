"""The benchmark's seed writes its rows in SQL, past the models: a new column without a default is caught
here, not at the next `make bench`."""

import pytest

from catalogue.facets import FacetIndex
from practices.models import Practice

pytestmark = pytest.mark.postgres


def test_the_seed_writes_complete_published_practices(db):
    from bench.seed import _insert

    _insert(30, 2020, lambda *args: None)
    published = Practice.objects.published()
    assert published.count() == 30
    assert set(published.values_list("evidence", flat=True)) == {"idee", "gemeten", "geevalueerd"}
    assert not published.filter(outdated=True).exists()
    for practice in published.with_detail_data()[:5]:
        version = practice.published_version
        assert (version.title, version.evidence, version.confirms_current) == (practice.title, practice.evidence, False)
    assert FacetIndex.build().size == 30
