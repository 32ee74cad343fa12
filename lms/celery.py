"""The Celery application. Without CELERY_BROKER_URL tasks run eagerly in-process."""

import gc
import os

from celery import Celery
from celery.signals import (
    task_postrun,
    task_prerun,
    worker_process_init,
    worker_ready,
)
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
@worker_process_init.connect
def freeze_what_is_loaded(**kwargs) -> None:
    """Move everything the worker loaded (Django, the apps, WeasyPrint) out of the
    garbage collector's sight: a render allocates many short-lived objects, and each
    full collection would walk the whole loaded program again."""
    gc.collect()
    gc.freeze()


@task_prerun.connect
@task_postrun.connect
def connections_as_around_a_request(task, **kwargs) -> None:
    """Keep the database connection from task to task as a web process does between
    requests (see CELERY_DB_REUSE_MAX): closed once older than CONN_MAX_AGE or after an
    error, checked before its next use, so a connection PostgreSQL dropped is replaced
    instead of failing the next task. A task run in-process (no broker) is part of the
    request or transaction that ran it, which this must not touch."""
    if not task.request.is_eager:
        close_old_connections()
