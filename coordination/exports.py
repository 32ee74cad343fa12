"""Progress exports of organisations too large to export while the coordinator
waits (more members than COORDINATION_EXPORT_INLINE_MAX): asked for on the progress
view, built by a Celery task in parts of members that move a progress bar, then
downloadable by the coordinator who asked until they expire."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction

from audit.services import audit_record
from lms.models import Organisation, User
from lms.prepared import prepared_file_build, prepared_files_requeue
from lms.queue import task_after_commit

from . import reports
from .models import ProgressExport
from .selectors import ProgressTable, members_filtered, progress_table, rows_sort

#: Members judged per part of a background export: each part is one progress step
#: and a constant number of queries.
PART = 500

BUILD_TASK = "coordination.tasks.build_progress_export"


def export_in_background(member_count: int) -> bool:
    """Whether an export of `member_count` members is prepared by a worker rather
    than while the coordinator waits."""
    return member_count > settings.COORDINATION_EXPORT_INLINE_MAX


def progress_export_request(
    *,
    organisation: Organisation,
    by: User,
    fmt: str,
    filters: dict[str, Any],
    members: int,
) -> ProgressExport:
    """Queue the export of `organisation`'s progress as the coordinator `by` filtered
    and sorted it (`filters`: the progress view's, a team as a Team)."""
    team = filters.get("team")
    with transaction.atomic():
        export = ProgressExport.objects.create(
            organisation=organisation,
            requested_by=by,
            format=fmt,
            members=members,
            filters={**filters, "team": team.pk if team else None},
        )
        audit_record(
            action="coordination.export",
            instance=organisation,
            by=by,
            data={"format": fmt, "members": members, "background": True},
        )
        task_after_commit(BUILD_TASK, str(export.pk))
    return export


def progress_export_build(*, export_id: str) -> bool:
    """Build a queued export (`lms.prepared.prepared_file_build`): False when there
    was nothing to do or it failed."""
    return (
        prepared_file_build(
            ProgressExport.objects.select_related("organisation"),
            export_id,
            write=_write,
            name=lambda export: f"{export.pk}.{export.format}",
            valid_days=settings.COORDINATION_EXPORT_VALID_DAYS,
        )
        is not None
    )


def _write(
    export: ProgressExport, target: BinaryIO, progress: Callable[[int], None]
) -> None:
    """The export's table, judged PART members at a time (the same cells as the
    progress view's, sorted as asked once all are judged), written to `target`."""
    organisation = export.organisation
    filters = export.filters
    team = (
        organisation.teams.filter(pk=filters["team"]).first()
        if filters.get("team")
        else None
    )
    members = list(
        members_filtered(organisation, team=team, search=filters.get("search", ""))
    )
    table: ProgressTable | None = None
    for start in range(0, len(members), PART):
        part = progress_table(
            organisation,
            memberships=members[start : start + PART],
            status=filters.get("status", ""),
        )
        if table is None:
            table = part
        else:
            table.rows += part.rows
        # The writing itself takes the last tenth.
        progress(min(start + PART, len(members)) * 90 // max(len(members), 1))
    if table is None:
        table = progress_table(organisation, memberships=[])
    rows_sort(table.rows, filters.get("sort", "name"))
    target.write(reports.progress_file(table, export.format))


def progress_exports_requeue(*, now: datetime | None = None) -> int:
    """Queue again exports whose task was lost (`prepared_files_requeue`)."""
    return prepared_files_requeue(ProgressExport, BUILD_TASK, now=now)
