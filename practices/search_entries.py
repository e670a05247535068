"""The search table: one stored full-text vector per practice, kept by the services that change one."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.models import LocalGovernment

from .models import Practice, SearchEntry

CONFIG = "dutch"  # PostgreSQL's text search configuration, for the vectors and for the queries on them


def refresh_search_vectors(practice_ids=None):
    """Recompute the stored search vector: title (A) > summary, tags, themes, governments (B) > body (C).

    Taxonomy and tag names live in other tables, which a generated column cannot read, so this runs
    in the publishing service (and in bulk for the benchmark). A no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        return

    practice_table = Practice._meta.db_table
    content_type = ContentType.objects.get_for_model(Practice)

    def names(field):
        through = Practice._meta.get_field(field).remote_field.through
        target = Practice._meta.get_field(field).related_model
        column = through._meta.get_field(target._meta.model_name).column
        return (
            f"SELECT j.practice_id, t.name FROM {through._meta.db_table} j "
            f"JOIN {target._meta.db_table} t ON t.id = j.{column} WHERE {{only}}"
        )

    only = "TRUE" if practice_ids is None else "{id} = ANY(%(ids)s)"
    # Table and column names come from the models; every value is a query parameter.
    sql = f"""
        WITH names AS (
            SELECT practice_id, string_agg(name, ' ') AS names FROM (
                {names("themes").format(only=only.format(id="j.practice_id"))}
                UNION ALL {names("phases").format(only=only.format(id="j.practice_id"))}
                UNION ALL {names("target_groups").format(only=only.format(id="j.practice_id"))}
                UNION ALL {names("partners").format(only=only.format(id="j.practice_id"))}
                UNION ALL SELECT ti.object_id, tag.name FROM taggit_taggeditem ti
                    JOIN taggit_tag tag ON tag.id = ti.tag_id
                    WHERE ti.content_type_id = %(content_type)s AND {only.format(id="ti.object_id")}
                UNION ALL SELECT p2.id, lg.name FROM {practice_table} p2
                    JOIN {LocalGovernment._meta.db_table} lg ON lg.id = p2.local_government_id
                    WHERE {only.format(id="p2.id")}
            ) AS all_names GROUP BY practice_id
        )
        INSERT INTO {SearchEntry._meta.db_table} (practice_id, vector)
        SELECT p.id,
            setweight(to_tsvector('{CONFIG}', coalesce(p.title, '')), 'A')
            || setweight(to_tsvector('{CONFIG}', coalesce(p.summary, '') || ' ' || coalesce(names.names, '')), 'B')
            || setweight(to_tsvector('{CONFIG}', concat_ws(' ', p.description, p.resources, p.results,
                                                       p.difficulties, p.transferability)), 'C')
        FROM {practice_table} p JOIN names ON names.practice_id = p.id
        ON CONFLICT (practice_id) DO UPDATE SET vector = EXCLUDED.vector
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": list(practice_ids or []), "content_type": content_type.pk})
