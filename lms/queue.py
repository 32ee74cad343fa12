"""Queuing a Celery task from a service without importing the task module.

A task module imports the services it wraps; if the services imported their tasks in
turn, the two would import each other. Services name the task instead.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.utils.imports import symbol_by_name
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def task_send(name: str, *args: Any) -> Any:
    """Queue the task at dotted path `name` with `args` now (in-process where there is
    no broker); a broker failure reaches the caller."""
    return symbol_by_name(name).delay(*args)


def task_after_commit(name: str, *args: Any) -> None:
    """Queue the task at dotted path `name` with `args` once the current transaction
    commits (at once outside one). Runs in-process where there is no broker. With the
    broker down, the failure is logged and the caller's periodic sweep, if it has one,
    queues it again; the committed change itself stands."""

    def send() -> None:
        try:
            task_send(name, *args)
        except OperationalError:
            logger.warning("could not queue %s%r: the broker is down", name, args)

    transaction.on_commit(send)


def task_also_named(task: Task, old_name: str) -> Task:
    """Register `task` under `old_name` as well, with the same delivery and retry
    options: messages queued under the name it had before it moved to another app
    (issue 16: `courses.tasks.*`) still run on the new workers. Keep for one release."""
    options = {"acks_late": task.acks_late, "max_retries": task.max_retries}
    for option in ("autoretry_for", "retry_backoff"):
        if hasattr(task, option):
            options[option] = getattr(task, option)
    return shared_task(name=old_name, **options)(task.__wrapped__)
