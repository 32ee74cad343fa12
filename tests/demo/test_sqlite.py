"""`make run` without PostgreSQL: the real migrations and the whole demo on a fresh
SQLite file, the embedded default. A query SQLite refuses (a union of ordered
queries in the webinar requirement did) would leave a fresh machine without a demo."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_the_demo_loads_on_a_fresh_sqlite_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    done = subprocess.run(
        [*manage, "load_demo"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Demo accounts" in done.stdout
    assert "leerling@demo.digitaalmeedoen.be" in done.stdout
