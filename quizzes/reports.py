"""The editors' report on a test: attempts, pass rate and how each question fared."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from lms.exports import csv_text, spreadsheet_safe
from quizzes.models import Attempt, TestPage
from quizzes.types import cloze


@dataclass
class QuestionStat:
    question_id: int
    name: str
    drawn: int = 0
    right: int = 0
    earned: Decimal = Decimal(0)
    """The shares of the mark earned, added up: partly right answers count too."""
    gaps: dict[int, QuestionStat] = field(default_factory=dict)
    """A cloze question's gaps, each counted like a question of its own (from the
    answers kept: not those of erased learners)."""

    @property
    def share_right(self) -> int:
        return round(100 * self.right / self.drawn) if self.drawn else 0

    @property
    def average(self) -> int:
        """The average share of the mark earned, in percent."""
        return round(100 * self.earned / self.drawn) if self.drawn else 0

    def count(self, earned: Decimal) -> None:
        self.drawn += 1
        self.right += earned == 1
        self.earned += earned


@dataclass
class TestReport:
    test: TestPage
    attempts: list[Attempt]
    questions: list[QuestionStat] = field(default_factory=list)

    @property
    def pass_rate(self) -> int:
        if not self.attempts:
            return 0
        return round(
            100 * sum(1 for a in self.attempts if a.passed) / len(self.attempts)
        )

    @property
    def learners(self) -> int:
        return len({a.user_id or a.erased_person for a in self.attempts})


def duration(attempt: Attempt) -> timedelta:
    return attempt.submitted_at - attempt.started_at


def report_for_test(test: TestPage) -> TestReport:
    """Every graded attempt at `test` and per question the share answered fully right
    and the average share of its mark earned; for a cloze question also per gap, so an
    editor sees which gap learners miss.

    One query: the per-question figures come from the drawn questions stored in each
    attempt, so they describe the questions as the learners saw them.
    """
    attempts = list(
        Attempt.objects.filter(test=test, status=Attempt.Status.GRADED)
        .select_related("user")
        .order_by("-submitted_at")
    )
    stats: dict[int, QuestionStat] = {}
    for attempt in attempts:
        for question in attempt.draw:
            stat = stats.setdefault(
                question["question_id"],
                QuestionStat(question["question_id"], question.get("name", "")),
            )
            stat.count(Decimal(attempt.results.get(str(question["slot"]), 0)))
            # An erased learner's answers are gone; their score alone still counts.
            if question["type"] == cloze.TYPE.name and attempt.erased_person is None:
                response = attempt.responses.get(str(question["slot"]))
                for gap, share in cloze.TYPE.gap_shares(question, response):
                    stat.gaps.setdefault(
                        gap["number"], QuestionStat(stat.question_id, stat.name)
                    ).count(share)
    return TestReport(
        test=test,
        attempts=attempts,
        questions=sorted(stats.values(), key=lambda s: (s.share_right, s.name)),
    )


def _rows(report: TestReport) -> list[list]:
    rows = [[_("Learner"), _("E-mail"), _("Attempt"), _("Score (%)"), _("Passed"),
             _("Started"), _("Minutes")]]  # fmt: skip
    for a in report.attempts:
        rows.append(
            [
                a.user.get_full_name() if a.user else _("Deleted user"),
                a.user.email if a.user else "",
                a.number,
                float(a.percent),
                _("yes") if a.passed else _("no"),
                a.started_at.strftime("%Y-%m-%d %H:%M"),
                round(duration(a).total_seconds() / 60, 1),
            ]
        )
    return rows


def report_csv(report: TestReport) -> str:
    return csv_text(_rows(report))


def report_xlsx(report: TestReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Attempts")[:31]
    for row in _rows(report):
        sheet.append([spreadsheet_safe(v) for v in row])
    questions = book.create_sheet(_("Questions")[:31])
    questions.append(
        [_("Question"), _("Drawn"), _("Fully right"), _("Share right (%)"),
         _("Average score (%)")]
    )  # fmt: skip
    for stat in report.questions:
        questions.append(
            [spreadsheet_safe(stat.name), stat.drawn, stat.right, stat.share_right,
             stat.average]
        )  # fmt: skip
        for number, gap in sorted(stat.gaps.items()):
            name = _("%(question)s, gap %(number)s") % {
                "question": stat.name,
                "number": number,
            }
            questions.append(
                [spreadsheet_safe(name), gap.drawn, gap.right, gap.share_right,
                 gap.average]
            )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
