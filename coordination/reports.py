"""What coordinators take away: the progress table as CSV or XLSX, one member's
report, the summary figures a municipality reports on, and the geometry of the
simple bar charts drawn beside those figures.

Everything here reads through `selectors.progress_table`, so the exports, the member
report and the summary count exactly what the progress view shows, and cost the same
constant number of queries whatever the number of members.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import xlsxwriter
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from certificates.models import Certificate
from courses.models import CoursePage
from courses.states import CourseState
from lms.bulk import collector_paused
from lms.exports import csv_text, spreadsheet_safe
from lms.models import Membership, Organisation, Team
from quizzes.models import Attempt, TestPage

from .selectors import (
    Cell,
    MemberRow,
    ProgressTable,
    Status,
    Target,
    progress_table,
)

# --- Exports -------------------------------------------------------------------------


def export_header(targets: Sequence[Target]) -> list[str]:
    """Name, e-mail and teams, then three columns per assigned course or module:
    its status in words, the percentage done and the completion date, so that a
    spreadsheet can filter on the first, sort on the second and count the third."""
    header = [_("Name"), _("E-mail"), _("Teams")]
    for target in targets:
        header += [
            _("%(target)s: status") % {"target": target.title},
            _("%(target)s: %% done") % {"target": target.title},
            _("%(target)s: completed on") % {"target": target.title},
        ]
    return header


def export_rows(table: ProgressTable) -> list[list]:
    """One row per member of `table` (all of them: exports are not paginated), typed:
    text, whole percentages and dates (None where empty)."""
    labels = {status: str(label) for status, label in Status.labels.items()}
    not_assigned = [_("Not assigned"), None, None]
    rows = []
    for row in table.rows:
        user = row.user
        values = [
            user.get_full_name() or user.email,
            user.email,
            ", ".join(team.name for team in row.teams),
        ]
        for cell in row.cells_in(table.targets):
            if cell is None:
                values += not_assigned
                continue
            completed_on = (
                timezone.localdate(cell.completed_at)
                if cell.completed and cell.completed_at
                else None
            )
            values += [labels[cell.status], cell.percent, completed_on]
        rows.append(values)
    return rows


def export_filename(organisation: Organisation, extension: str, today: date) -> str:
    """`voortgang-<organisation>-<yyyy-mm-dd>.<extension>`: a name that sorts by date
    in a municipality's folder of downloads."""
    slug = slugify(organisation.name) or f"organisatie-{organisation.pk}"
    return f"voortgang-{slug}-{today:%Y-%m-%d}.{extension}"


def progress_csv(table: ProgressTable) -> str:
    """The progress table as CSV for Excel in Belgium: a byte-order mark (so it reads
    the accents as UTF-8), semicolons, dates as dd/mm/yyyy, formulas neutralised."""
    rows = [
        [value.strftime("%d/%m/%Y") if isinstance(value, date) else value
         for value in row]
        for row in export_rows(table)
    ]  # fmt: skip
    return "\ufeff" + csv_text([export_header(table.targets), *rows], delimiter=";")


def progress_xlsx(table: ProgressTable) -> bytes:
    """The progress table as an Excel workbook: a bold, frozen header row, real
    numbers and dates, every text cell written as text (never run as a formula).
    Written row by row with XlsxWriter, about three times as fast as openpyxl for
    2,000 members (`benchmarks/coordination_progress.py`)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet(_("Progress")[:31])
    sheet.freeze_panes(1, 1)
    for column, width in enumerate((28, 32, 24)):
        sheet.set_column(column, column, width)
    bold = book.add_format({"bold": True})
    # Dates as dates, shown the Belgian way whatever the reader's Excel locale.
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for column, title in enumerate(export_header(table.targets)):
        sheet.write_string(0, column, spreadsheet_safe(title), bold)
    for line, values in enumerate(export_rows(table), start=1):
        for column, value in enumerate(values):
            if isinstance(value, str):
                sheet.write_string(line, column, spreadsheet_safe(value))
            elif isinstance(value, date):
                sheet.write_datetime(line, column, value, day)
            elif value is not None:
                sheet.write_number(line, column, value)
    book.close()
    return out.getvalue()


@collector_paused()
def progress_file(table: ProgressTable, fmt: str) -> bytes:
    """The progress table as a file of format `fmt` (csv or xlsx)."""
    if fmt == "csv":
        return progress_csv(table).encode()
    return progress_xlsx(table)


# --- One member ----------------------------------------------------------------------


@dataclass
class TestResult:
    """A member's results on one test: best score, attempts made, passed or not."""

    test: TestPage
    attempts: int = 0
    best_percent: float | None = None
    passed: bool = False
    last_submitted_at: datetime | None = None


@dataclass
class CourseReport:
    state: CourseState
    tests: list[TestResult]

    @property
    def course(self) -> CoursePage:
        return self.state.course


@dataclass
class MemberReport:
    membership: Membership
    row: MemberRow
    targets: list[Target]
    courses: list[CourseReport]
    certificates: list[Certificate]

    @property
    def assigned(self) -> list[tuple[Target, Cell]]:
        """The targets assigned to this member, in column order, with their cell."""
        return [
            (t, self.row.cells[t.pk]) for t in self.targets if t.pk in self.row.cells
        ]


def member_report(
    organisation: Organisation, membership: Membership, *, today: date | None = None
) -> MemberReport:
    """What a coordinator sees of one member of `organisation`: the status of each of
    their assignments, the modules and test results of each assigned course (one
    query for every attempt at those tests) and all their certificates.

    `membership` must already be known to belong to `organisation`. A constant
    number of queries, however many attempts or certificates the member has.
    """
    table = progress_table(organisation, memberships=[membership], today=today)
    row = table.rows[0]
    assigned_courses = {cell.assignment.course_id for cell in row.cells.values()}
    states = [s for s in row.course_states if s.course.pk in assigned_courses]
    tests = [
        test
        for state in states
        for test in [*(m.test for m in state.modules), state.final_test]
        if test is not None
    ]
    results = {test.pk: TestResult(test) for test in tests}
    if tests:
        for line in (
            Attempt.objects.filter(user_id=membership.user_id, test__in=list(results))
            .values("test_id")
            .annotate(
                attempts=Count("id"),
                best=Max("percent", filter=Q(status=Attempt.Status.GRADED)),
                passes=Count("id", filter=Q(passed=True)),
                last=Max("submitted_at"),
            )
        ):
            result = results[line["test_id"]]
            result.attempts = line["attempts"]
            result.best_percent = line["best"]
            result.passed = line["passes"] > 0
            result.last_submitted_at = line["last"]
    courses = []
    for state in states:
        own = [m.test for m in state.modules if m.test] + [state.final_test]
        courses.append(
            CourseReport(state, [results[t.pk] for t in own if t is not None])
        )
    certificates = list(
        Certificate.objects.filter(user_id=membership.user_id)
        .select_related("course")
        .order_by("-issued_at")
    )
    return MemberReport(membership, row, table.targets, courses, certificates)


# --- Summary -------------------------------------------------------------------------


@dataclass
class Fraction:
    """`done` of `total`, with the whole percentage (rounded down, as elsewhere)."""

    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


@dataclass
class EnrolmentFigure:
    target: Target  # an assigned course, or one module of it
    enrolled: Fraction  # enrolled members of those it is assigned to


@dataclass
class CompletionRow:
    """One line of the completion table: a team, or the whole organisation (team
    None); a fraction per target, None where it applies to nobody on the line."""

    team: Team | None
    cells: list[Fraction | None]


@dataclass
class CertificateFigure:
    course_title: str
    valid: int
    expired: int

    @property
    def total(self) -> int:
        return self.valid + self.expired


@dataclass
class Summary:
    organisation: Organisation
    member_count: int
    targets: list[Target]
    enrolment: list[EnrolmentFigure]
    completion: list[CompletionRow]
    certificates: list[CertificateFigure]
    start: date
    end: date

    @property
    def certificate_total(self) -> int:
        return sum(figure.total for figure in self.certificates)


def summary_figures(
    organisation: Organisation,
    *,
    start: date,
    end: date,
    today: date | None = None,
) -> Summary:
    """The figures a municipality reports, for its current members:

    - per assigned course or module: how many of the members it is assigned to are
      enrolled in its course;
    - per team and for the whole organisation, per assigned course or module: how
      many of the members it is assigned to completed it (as in the progress view).

    Both count the same people per course or module: one definition of who it is
    assigned to, the progress view's cells.
    - per course: the certificates issued from `start` to `end` (both included),
      valid and expired ones; revoked and superseded ones are not counted, and one
      still being prepared counts as valid (it is issued, its PDF follows).

    A constant number of queries, however many members or teams.
    """
    table = progress_table(organisation, today=today)
    index = {target.pk: i for i, target in enumerate(table.targets)}

    enrolled = [Fraction() for _ in table.targets]
    whole = [Fraction() for _ in table.targets]
    by_team: dict[int, list[Fraction]] = {
        team.pk: [Fraction() for _ in table.targets] for team in table.teams
    }
    for row in table.rows:
        states = {state.course.pk: state for state in row.course_states}
        lines = [whole] + [by_team[t.pk] for t in row.teams if t.pk in by_team]
        for key, cell in row.cells.items():
            enrolled[index[key]].total += 1
            enrolled[index[key]].done += states[cell.assignment.course_id].enrolled
            for line in lines:
                line[index[key]].total += 1
                line[index[key]].done += cell.completed

    now = timezone.now()
    certificates = (
        Certificate.objects.filter(
            user__memberships__organisation=organisation,
            status__in=[Certificate.Status.VALID, Certificate.Status.PENDING],
            issued_at__date__gte=start,
            issued_at__date__lte=end,
        )
        .values("course_id", "course__title")
        .annotate(
            total=Count("id"),
            expired=Count(
                "id",
                filter=Q(status=Certificate.Status.VALID, expires_at__lte=now),
            ),
        )
        .order_by("course__title")
    )

    def _line(cells: list[Fraction]) -> list[Fraction | None]:
        return [cell if cell.total else None for cell in cells]

    return Summary(
        organisation=organisation,
        member_count=len(table.rows),
        targets=table.targets,
        enrolment=[
            EnrolmentFigure(target, enrolled[i])
            for i, target in enumerate(table.targets)
            if enrolled[i].total
        ],
        completion=[CompletionRow(None, _line(whole))]
        + [CompletionRow(team, _line(by_team[team.pk])) for team in table.teams],
        certificates=[
            CertificateFigure(
                line["course__title"] or _("(course removed)"),
                valid=line["total"] - line["expired"],
                expired=line["expired"],
            )
            for line in certificates
        ],
        start=start,
        end=end,
    )


# --- Charts --------------------------------------------------------------------------

CHART_WIDTH = 640
LABEL_HEIGHT = 22  # the label line above each bar
BAR_HEIGHT = 20
BAR_GAP = 14
BAR_SPACE = 520  # the longest bar; the rest of the width holds its value


@dataclass
class Bar:
    label: str
    text: str  # the value as shown at the end of the bar
    width: float
    label_y: int
    bar_y: int

    @property
    def text_x(self) -> float:
        return self.width + 8


@dataclass
class BarChart:
    """Horizontal bars, one per label, drawn as inline SVG. The numbers are also in
    a table beside the chart, so the drawing itself is hidden from screen readers."""

    bars: list[Bar] = field(default_factory=list)
    width: int = CHART_WIDTH
    track: int = BAR_SPACE  # the full-length background behind each bar

    @property
    def height(self) -> int:
        return len(self.bars) * (LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP)


def bar_chart(items: Sequence[tuple[str, int, str]], *, maximum: int) -> BarChart:
    """A chart of `(label, value, text)` items, bars scaled so that `maximum` fills
    the bar space (a bar of a non-zero value stays visible)."""
    bars = []
    for position, (label, value, text) in enumerate(items):
        top = position * (LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP)
        width = BAR_SPACE * value / maximum if maximum else 0
        bars.append(
            Bar(
                label=label,
                text=text,
                width=round(max(width, 2 if value else 0), 1),
                label_y=top + LABEL_HEIGHT - 6,
                bar_y=top + LABEL_HEIGHT,
            )
        )
    return BarChart(bars)
