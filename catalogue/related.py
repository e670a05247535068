"""Related practices: the published ones that share the most with a practice, as SQL finds them
(the facet index finds the same, see FacetIndex.related)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from practices.models import LIVE_STATUSES


def related_practice_ids(practice, limit=4):
    """Published practices sharing the most themes, target groups and tags with `practice`; among equals
    the current ones before the possibly outdated, newest first."""
    model = type(practice)
    themes = model.themes.through._meta.db_table
    groups = model.target_groups.through._meta.db_table
    table = model._meta.db_table
    content_type = ContentType.objects.get_for_model(model).pk
    statuses = ", ".join(["%s"] * len(LIVE_STATUSES))
    sql = f"""
        SELECT m.pid FROM (
            SELECT b.practice_id AS pid FROM {themes} a JOIN {themes} b ON b.theme_id = a.theme_id
             WHERE a.practice_id = %s
            UNION ALL
            SELECT b.practice_id FROM {groups} a JOIN {groups} b ON b.targetgroup_id = a.targetgroup_id
             WHERE a.practice_id = %s
            UNION ALL
            SELECT b.object_id FROM taggit_taggeditem a
              JOIN taggit_taggeditem b ON b.tag_id = a.tag_id AND b.content_type_id = a.content_type_id
             WHERE a.object_id = %s AND a.content_type_id = %s
        ) m JOIN {table} p ON p.id = m.pid
        WHERE p.id <> %s AND p.status IN ({statuses}) AND p.published_version_id IS NOT NULL
        GROUP BY m.pid, p.outdated, p.last_published_at
        ORDER BY COUNT(*) DESC, p.outdated, p.last_published_at DESC
        LIMIT %s
    """
    params = [practice.pk, practice.pk, practice.pk, content_type, practice.pk, *LIVE_STATUSES, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
