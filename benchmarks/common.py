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


COPIES: list[str] = []  # what database_copy made, for database_drop


def database_copy(suffix: str) -> tuple[str, str]:
    """A copy of the benchmark database as it is now (name and URL), to grow beside the
    original; `database_drop` drops it too."""
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connections

    connections.close_all()  # PostgreSQL copies a database nobody is connected to
    name = f"{BENCH_NAME}_{suffix}"
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{BENCH_NAME}"')
    COPIES.append(name)
    return name, URL._replace(path="/" + name).geturl()


def database_drop() -> None:
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connections

    connections.close_all()
    for name in [BENCH_NAME, *COPIES]:
        _admin(f'DROP DATABASE IF EXISTS "{name}"')
