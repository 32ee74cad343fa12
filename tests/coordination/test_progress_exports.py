"""The progress exports: the same rows as the view, with its filters, readable in
Excel (CSV with a BOM and semicolons, XLSX with real numbers and dates), and safe:
a name that looks like a formula stays text."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import ModulePage

from .progress_helpers import member, town_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(client):
    town = town_build()
    client.force_login(town.coordinator.user)
    return town


def export(client, town, fmt, **query):
    url = reverse("coordination:progress_export", args=[town.organisation.pk, fmt])
    return client.get(url, query)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def by_email(rows) -> dict[str, list]:
    return {row[1]: row for row in rows[1:]}


def columns(rows, page) -> int:
    """The first of the three columns of a course or module (status, % done,
    completed on); a module's columns are titled "<course> – <module>: …"."""
    title = page.title
    if isinstance(page, ModulePage):
        title = f"{page.get_parent().title} – {page.title}"
    return rows[0].index(next(h for h in rows[0] if h.startswith(f"{title}:")))


def test_csv_statuses_percentages_and_dates(client, town):
    rows = csv_rows(export(client, town, "csv"))
    assert len(rows[0]) == 3 + 3 * 2  # two targets
    people = by_email(rows)
    assert set(people) == {
        "cora@zottegem.be",
        "anna@zottegem.be",
        "bram@zottegem.be",
        "chris@zottegem.be",
    }
    basics = columns(rows, town.basics)
    module = columns(rows, town.counter_module)
    anna, bram = people["anna@zottegem.be"], people["bram@zottegem.be"]
    assert anna[0] == "Anna Aerts" and anna[2] == "Onthaal"
    assert anna[basics + 1] == "40" and anna[basics + 2] == ""
    assert bram[basics + 1] == "100" and bram[basics + 2] == "12/11/2026"
    # Anna's module is overdue, Bram's is not assigned: different words in the
    # status column, no percentage for Bram.
    assert anna[module] and bram[module] and anna[module] != bram[module]
    assert anna[module + 1] == "0" and bram[module + 1] == ""
    # In progress, completed, not started: three different words.
    chris = people["chris@zottegem.be"]
    assert len({anna[basics], bram[basics], chris[basics]}) == 3


def test_xlsx_holds_numbers_and_dates(client, town):
    rows = xlsx_rows(export(client, town, "xlsx"))
    people = by_email(rows)
    basics = columns(rows, town.basics)
    anna, bram = people["anna@zottegem.be"], people["bram@zottegem.be"]
    assert anna[basics + 1] == 40 and anna[basics + 2] is None
    assert bram[basics + 1] == 100
    assert bram[basics + 2].date() == date(2026, 11, 12)


def test_xlsx_reads_well_in_excel(client, town):
    """A bold header that stays in view, dates shown the Belgian way."""
    response = export(client, town, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "B2"
    assert all(cell.font.b for cell in sheet[1])
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    bram = 1 + [row[1] for row in rows[1:]].index("bram@zottegem.be")
    completed_on = sheet.cell(row=bram + 1, column=columns(rows, town.basics) + 3)
    assert completed_on.is_date and completed_on.number_format == "dd/mm/yyyy"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_filters_apply_to_the_exports(client, town, fmt):
    read = csv_rows if fmt == "csv" else xlsx_rows

    def emails(**query):
        return set(by_email(read(export(client, town, fmt, **query))))

    assert emails(team=town.reception.pk) == {"anna@zottegem.be"}
    assert emails(status="completed") == {"bram@zottegem.be"}
    assert emails(status="overdue") == {"anna@zottegem.be"}
    assert emails(search="claes") == {"chris@zottegem.be"}
    # A team of another organisation filters nothing and leaks nothing.
    foreign = emails(team=town.elsewhere.teams.get().pk)
    assert "eva@ninove.be" not in foreign and len(foreign) == 4
    # The sort is the view's too.
    rows = read(export(client, town, fmt, sort="status"))
    assert rows[1][1] == "anna@zottegem.be" and rows[-1][1] == "bram@zottegem.be"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_member_who_left_is_not_exported(client, town, fmt):
    read = csv_rows if fmt == "csv" else xlsx_rows
    town.anna.delete()
    assert "anna@zottegem.be" not in by_email(read(export(client, town, fmt)))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_name_that_looks_like_a_formula_stays_text(client, town, fmt):
    read = csv_rows if fmt == "csv" else xlsx_rows
    member(
        town.organisation,
        '=HYPERLINK("http://evil.example","klik")',
        "",
        "formula@zottegem.be",
        [town.social],
    )
    town.social.name = "@SUM(1+1)"
    town.social.save()
    row = by_email(read(export(client, town, fmt)))["formula@zottegem.be"]
    assert row[0] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row[2] == "'@SUM(1+1)"


def test_the_file_name_has_the_organisation_and_the_date(client, town):
    today = timezone.localdate().isoformat()
    for fmt in ("csv", "xlsx"):
        response = export(client, town, fmt)
        assert response["Content-Disposition"] == (
            f'attachment; filename="voortgang-gemeente-zottegem-{today}.{fmt}"'
        )
