"""How fast one Celery worker process renders certificates, next to a bare WeasyPrint
render of the same certificate measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 .venv/bin/python benchmarks/certificates_render.py

Issues BACKLOG pending certificates while no worker runs (as after a broker outage),
then starts one worker process (`--pool solo`) and times how long it takes to drain.
"""

import os
import subprocess
import sys
import tempfile
import time

from common import ROOT, database_create, database_drop

BACKLOG = int(os.environ.get("BACKLOG", "1000"))
BARE_RENDERS = 50
if not os.environ.get("CELERY_BROKER_URL"):
    sys.exit(
        "Set CELERY_BROKER_URL (a Redis broker): the benchmark runs a real worker."
    )
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="lms-bench-media-")
os.environ["PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="lms-bench-private-")


def main() -> None:
    database_create()
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connection

    # After django.setup() (database_create): Django requires it for models.
    from certificates.models import Certificate
    from certificates.rendering import certificate_html, render_pdf
    from certificates.services import certificate_issue
    from lms.celery import app
    from tests.certificates.helpers import certified_course
    from tests.factories import UserFactory

    app.control.purge()  # no leftovers from earlier runs in the queue
    course, _ = certified_course()
    start = time.perf_counter()
    for _ in range(BACKLOG):
        certificate_issue(user=UserFactory(), course=course)  # queued on commit
    issued = time.perf_counter() - start
    pending = Certificate.objects.filter(status="pending").count()
    if pending != BACKLOG:
        # A figure measured without a backlog would be impossible (thousands a second).
        sys.exit(
            f"only {pending} of {BACKLOG} certificates wait for the worker: tasks ran "
            "in-process, so there is nothing to measure"
        )

    sample = Certificate.objects.first()
    html = certificate_html(sample.printed, sample.language)
    render_pdf(html)  # warm fonts and caches, as a running worker is
    start = time.perf_counter()
    for _ in range(BARE_RENDERS):
        render_pdf(html)
    bare = (time.perf_counter() - start) / BARE_RENDERS
    connection.close()

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    start = time.perf_counter()
    try:
        while Certificate.objects.filter(status="pending").exists():
            time.sleep(0.5)
            if time.perf_counter() - start > 1800:
                sys.exit("the backlog did not drain in 30 minutes")
        drained = time.perf_counter() - start
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    valid = Certificate.objects.filter(status="valid").count()
    database_drop()
    per_certificate = drained / BACKLOG
    print(
        f"{BACKLOG} certificates, one worker process (--pool solo), PostgreSQL + Redis"
    )
    print(f"issue (write + queue):      {issued / BACKLOG * 1000:8.1f} ms each")
    print(f"bare WeasyPrint render:     {bare * 1000:8.1f} ms  (baseline, × 1.0)")
    print(
        f"worker, per certificate:    {per_certificate * 1000:8.1f} ms  (× {per_certificate / bare:.1f})"
    )
    print(f"worker throughput:          {BACKLOG / drained:8.1f} certificates/s")
    print(f"backlog of {BACKLOG} drained in:  {drained:8.1f} s (includes worker start)")
    if valid != BACKLOG:
        sys.exit(f"only {valid} of {BACKLOG} certificates rendered")


if __name__ == "__main__":
    main()
