"""After a benchmark writes its rows in bulk: the statistics known and nothing left
for autovacuum to race the measurement, as on a server that has run a while."""

from django.db import connection


def settle(*models) -> None:
    """VACUUM ANALYZE the tables of `models` (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
