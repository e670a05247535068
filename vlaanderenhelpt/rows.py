"""Rows straight from the database driver, for the reads that walk every practice."""

from django.db import connection


def plain_rows(rows):
    """A values_list's rows as the database driver gives them (ints and strings; datetimes as it reads
    them), without the ORM's work per row: for the hundreds of thousands of rows of an index or an export."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
