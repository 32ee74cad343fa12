"""What the benchmarks share: a PostgreSQL database of their own, made and dropped."""

import os
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = urllib.parse.urlparse(os.environ.get("DATABASE_URL", ""))
if URL.scheme not in ("postgres", "postgresql"):
    sys.exit(
        "Set DATABASE_URL to a PostgreSQL server (the benchmarks are about PostgreSQL)."
    )
BENCH_NAME = URL.path.lstrip("/") + "_bench"
BENCH_URL = URL._replace(path="/" + BENCH_NAME).geturl()
os.environ.update(
    DATABASE_URL=BENCH_URL, DJANGO_SETTINGS_MODULE="benchmarks.bench_settings"
)


def _admin(statement: str) -> None:
    # Only the benchmarks need psycopg outside Django; imported when used.
    import psycopg

    with psycopg.connect(
        URL._replace(path="/postgres").geturl(), autocommit=True
    ) as conn:
        conn.execute(statement)


def database_create() -> None:
    """A fresh, migrated benchmark database."""
    # Django is set up here, once the database it needs exists.
    import django
    from django.core.management import call_command

    _admin(f'DROP DATABASE IF EXISTS "{BENCH_NAME}"')
    _admin(f'CREATE DATABASE "{BENCH_NAME}"')
    django.setup()
    call_command("migrate", verbosity=0)


def database_drop() -> None:
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connections

    connections.close_all()
    _admin(f'DROP DATABASE IF EXISTS "{BENCH_NAME}"')
