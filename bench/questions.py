"""The benchmark's questions and clarifications: 100,000 questions to ABB and 10,000 published
clarifications (one rule each, a tenth of them corrected once), inserted in a few statements; and the
distinct URLs of /vragen/ and of a clarification's page, drawn the way readers vary them.

Django is set up by the caller (bench/run.py) before this module's functions are called."""

import random

from bench.seed import _vocabulary, word

QUESTIONS = 100_000
CLARIFICATIONS = 10_000


def seeded():
    """How many bench clarifications the database holds."""
    from questions.models import Clarification  # here: Django is set up by the caller, after this module loads

    return Clarification.objects.filter(slug__startswith="bench-").count()


def seed_questions(questions=QUESTIONS, clarifications=CLARIFICATIONS, seed_value=2021):
    """Insert the questions and the published clarifications; returns the number of clarifications."""
    from django.contrib.auth import get_user_model  # here: Django is set up by the caller first
    from django.db import connection, transaction

    from accounts.models import LocalGovernment
    from bench.seed import _words
    from questions.models import QuestionTheme

    rng = random.Random(seed_value)
    vocabulary = _vocabulary()
    sentences = [_words(rng, vocabulary, 10).capitalize() + "." for _ in range(997)]
    governments = list(LocalGovernment.objects.active().municipalities().values_list("pk", flat=True))
    themes = list(QuestionTheme.objects.values_list("pk", flat=True))
    editor, _created = get_user_model().objects.get_or_create(email="bench-redactie@example.org")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO questions_question (reference, local_government_id, asked_by_id, theme_id, title, text,
                needed_by, status, handler_id, due_on, reminded_for, duplicate_of_id, created_at,
                first_answered_at, closed_at, forgotten_at)
            SELECT 'V-' || (2021 + (g - 1) / 20000) || '-' || lpad((1 + (g - 1) %% 20000)::text, 5, '0'),
                (%s::bigint[])[1 + g %% %s], NULL,
                (%s::bigint[])[1 + g %% %s], left(s[1 + g %% 997], 200), s[1 + (g * 7) %% 997], NULL,
                (ARRAY['gesloten', 'gesloten', 'gesloten', 'beantwoord', 'wacht_op_vrager', 'toegewezen',
                       'nieuw'])[1 + g %% 7],
                NULL, (now() - make_interval(mins => g * 5))::date + 7, NULL, NULL,
                now() - make_interval(mins => g * 5),
                CASE WHEN g %% 7 < 5 THEN now() - make_interval(mins => g * 5) + make_interval(days => g %% 6) END,
                CASE WHEN g %% 7 < 3 THEN now() - make_interval(mins => g * 5) + make_interval(days => 3 + g %% 9) END,
                NULL
            FROM generate_series(1, %s) AS g, (SELECT %s::text[] AS s) AS vocabulary
            """,
            [governments, len(governments), themes, len(themes), questions, sentences],
        )
        cursor.execute(
            """
            INSERT INTO questions_clarification (slug, theme_id, created_at, first_published_at, last_published_at,
                asked_count, review_since, review_reasons, reviewed_at)
            SELECT 'bench-' || g, (%s::bigint[])[1 + g %% %s], now() - make_interval(hours => g),
                now() - make_interval(hours => g), now() - make_interval(hours => g) + make_interval(days => g %% 10),
                1 + g %% 7, CASE WHEN g %% 50 = 0 THEN DATE '2021-06-30' END,
                CASE WHEN g %% 50 = 0 THEN '["De regel geldt niet meer."]'::jsonb ELSE '[]'::jsonb END,
                now() - make_interval(hours => g)
            FROM generate_series(1, %s) AS g
            """,
            [themes, len(themes), clarifications],
        )
        cursor.execute(
            """
            INSERT INTO questions_clarificationversion (clarification_id, number, title, body, change_note, status,
                written_by_id, created_at, approved_by_id, published_at)
            SELECT c.id, n, left(initcap(s[1 + (c.id * 3 + n) %% 997]), 200),
                s[1 + (c.id * 7) %% 997] || E'\\n\\n' || s[1 + (c.id * 11) %% 997] || ' ' || s[1 + (c.id * 13) %% 997],
                CASE WHEN n = 2 THEN 'Bijgewerkt.' ELSE '' END, 'gepubliceerd', %s, c.created_at, %s,
                c.first_published_at + make_interval(days => n - 1)
            FROM questions_clarification c
            CROSS JOIN LATERAL generate_series(1, CASE WHEN c.id %% 10 = 0 THEN 2 ELSE 1 END) AS n,
                (SELECT %s::text[] AS s) AS vocabulary
            WHERE c.slug LIKE 'bench-%%'
            """,
            [editor.pk, editor.pk, sentences],
        )
        cursor.execute(
            """
            UPDATE questions_clarification c SET current_id = v.id, last_published_at = v.published_at
            FROM questions_clarificationversion v
            WHERE v.clarification_id = c.id AND c.slug LIKE 'bench-%%'
              AND v.number = (SELECT max(number) FROM questions_clarificationversion w WHERE w.clarification_id = c.id)
            """,
            [],
        )
        cursor.execute(
            """
            INSERT INTO questions_rule (version_id, name, article, url, valid_from, valid_until)
            SELECT v.id, 'Decreet over het lokaal bestuur', 'art. ' || (v.id %% 300), '', DATE '2019-01-01', NULL
            FROM questions_clarificationversion v JOIN questions_clarification c ON c.id = v.clarification_id
            WHERE c.slug LIKE 'bench-%%'
            """,
            [],
        )
        cursor.execute(
            """
            WITH cs AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM questions_clarification
                        WHERE slug LIKE 'bench-%%'),
                 qs AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM questions_question)
            INSERT INTO questions_clarification_questions (clarification_id, question_id)
            SELECT cs.id, qs.id FROM cs JOIN qs ON qs.rn BETWEEN cs.rn * 10 AND cs.rn * 10 + 1
            """,
            [],
        )
        cursor.execute(
            """
            UPDATE questions_clarification c SET search_vector =
                setweight(to_tsvector('dutch', v.title), 'A') || setweight(to_tsvector('dutch', t.name), 'B')
                || setweight(to_tsvector('dutch', v.body), 'B')
            FROM questions_clarificationversion v, questions_questiontheme t
            WHERE v.id = c.current_id AND t.id = c.theme_id AND c.slug LIKE 'bench-%%'
            """,
            [],
        )
    return seeded()


def urls(kind, n, seed=2026):
    """n distinct paths of /vragen/ (search, theme, sort, page) or of clarification pages."""
    from questions.models import Clarification, QuestionTheme  # here: Django is set up by the caller first

    rng = random.Random(f"{seed}-{kind}")
    if kind == "verduidelijking":
        slugs = list(Clarification.objects.published().order_by("pk").values_list("slug", flat=True))
        rng.shuffle(slugs)
        return [f"/vragen/{slug}/" for slug in slugs[:n]]
    themes = list(QuestionTheme.objects.values_list("slug", flat=True))
    vocabulary = _vocabulary()
    found, seen, attempts = [], set(), 0
    while len(found) < n and attempts < 50 * n:
        attempts += 1
        pairs = []
        if rng.random() < 0.5:
            pairs.append(("q", word(rng, vocabulary)))
        if rng.random() < 0.4:
            pairs.append(("thema", rng.choice(themes)))
        if rng.random() < 0.2:
            pairs.append(("sorteer", "meest-gevraagd"))
        page = 1 if rng.random() < 0.6 else rng.randint(2, 40)
        if page > 1:
            pairs.append(("pagina", page))
        url = "/vragen/" + ("?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else "")
        if url not in seen:
            seen.add(url)
            found.append(url)
    return found
