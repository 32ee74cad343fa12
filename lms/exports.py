"""Writing tables for spreadsheets (reports, participant lists, progress exports)."""

import csv
import io
from collections.abc import Iterable


def spreadsheet_safe(value):
    """A cell value that a spreadsheet shows as text, never runs as a formula.

    A cell starting with = + - @ (or a tab or carriage return before one) would run
    as a formula in Excel or LibreOffice.
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable], *, delimiter: str = ",") -> str:
    """The rows as CSV text, every cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()
