"""A question asked through the service, by official A of Gent unless said otherwise."""

import pytest

from questions import services
from questions.models import QuestionTheme


@pytest.fixture
def ask(official_a, gent):
    def make(*, official=None, government=None, theme="digitaal-vergaderen", **fields):
        values = {"title": "Mag de gemeenteraad na 30 juni nog digitaal vergaderen?", "text": "Onze raad wil dat."}
        values.update(fields)
        return services.ask(
            official=official or official_a,
            local_government=government or gent,
            theme=QuestionTheme.objects.get(slug=theme),
            **values,
        )

    return make
