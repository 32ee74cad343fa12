"""The databank's search on SQLite, the embedded default (`make run` without
PostgreSQL): words, filters and counts work there too, through Wagtail's SQLite
backend (FTS5, or its plain fallback). Runs the real migrations on a fresh file."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import json
from tests.factories import library_item
from library import selectors
from library.selectors import Query

library_item("Handleiding itsme", type="handleiding", groups=("senioren",), keywords="app")
library_item("Handleiding CSAM", type="handleiding", groups=("jongeren",))
library_item("Videobellen met de tablet", type="video", groups=("senioren",))
library_item("Niet gepubliceerd handleiding", status="submitted")

def run(query):
    results = selectors.search(query, "nl")
    return {
        "titles": sorted(item.title for item in results.items),
        "total": results.total,
        "types": {v.value: v.count for v in results.facets["type"]},
        "groups": {v.value: v.count for v in results.facets["doelgroep"]},
    }

print("RESULT " + json.dumps({
    "words": run(Query(text="handleiding")),
    "keyword": run(Query(text="app")),
    "filtered": run(Query(text="handleiding", chosen={"doelgroep": ("senioren",)})),
    "all": run(Query(chosen={"type": ("video",)})),
}))
"""


def test_search_filters_and_counts_work_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    done = subprocess.run(
        [*manage, "shell", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    found = json.loads(line.removeprefix("RESULT "))

    assert found["words"] == {
        "titles": ["Handleiding CSAM", "Handleiding itsme"],
        "total": 2,
        "types": {"handleiding": 2},
        "groups": {"senioren": 1, "jongeren": 1},
    }
    assert found["keyword"]["titles"] == ["Handleiding itsme"]
    assert found["filtered"]["titles"] == ["Handleiding itsme"]
    assert found["filtered"]["groups"] == {"senioren": 1, "jongeren": 1}
    assert found["all"] == {
        "titles": ["Videobellen met de tablet"],
        "total": 1,
        "types": {"handleiding": 2, "video": 1},
        "groups": {"senioren": 1},
    }
