"""The Celery application. Without CELERY_BROKER_URL tasks run eagerly in-process."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

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
