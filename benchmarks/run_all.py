"""`make bench`: every benchmark of issue 17 in turn, against gunicorn, PostgreSQL,
Redis and real Celery workers, then one table (measure, baseline, ratio, goal, met or
missed), also written as JSON under benchmarks/results/ with the machine's core count
and the date.

Each benchmark reports its measures through `report.record` into one JSON-lines file;
a benchmark that fails, or reports an impossible figure, fails the whole run. Ports
come from BENCH_PORT (else a free one); the databases are `<DATABASE_URL's name>_bench`
(made and dropped by each benchmark), so nothing collides with `make run`.
"""

import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/lms",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}
# (script, arguments, extra environment): certificates run twice, one worker for its
# pace and two for the drain of 1,000.
RUNS = [
    ("learner_pages.py", [], {}),
    ("quiz_submit.py", [], {}),
    ("certificates_render.py", [], {"WORKERS": "1", "BACKLOG": "300"}),
    ("certificates_render.py", [], {"WORKERS": "2", "BACKLOG": "1000"}),
    ("coordination_progress.py", ["--requests", "5"], {}),
    ("library_search.py", [], {}),
]


def main() -> None:
    env = {**DEFAULTS, **os.environ}
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as results:
        for script, arguments, extra in RUNS:
            print(f"--- {script} {' '.join(f'{k}={v}' for k, v in extra.items())}")
            done = subprocess.run(
                [sys.executable, str(HERE / script), *arguments],
                env={**env, **extra, "BENCH_RESULTS": results.name},
            )
            if done.returncode:
                sys.exit(f"{script} failed (exit {done.returncode})")
        lines = [json.loads(line) for line in results.read().splitlines()]
    print()
    print(f"{'measure':<62}{'value':>10}{'baseline':>10}{'ratio':>8}  {'goal':<14}")
    for line in lines:
        ratio = "" if line["ratio"] is None else f"{line['ratio']:.3f}"
        baseline = "" if line["baseline"] is None else f"{line['baseline']:.3f}"
        goal = f"{'≥' if line['goal_is'] == 'at least' else '≤'} {line['goal']}"
        print(
            f"{line['measure'][:61]:<62}{line['value']:>10.3f}{baseline:>10}{ratio:>8}"
            f"  {goal:<9} {'met' if line['met'] else 'MISSED'}"
        )
    now = datetime.now(UTC)
    out = HERE / "results" / f"{now:%Y-%m-%dT%H%M%SZ}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {"date": now.isoformat(), "cores": os.cpu_count(), "measures": lines},
            indent=2,
        )
    )
    print(f"\nwritten to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
