"""Importing a member list from a CSV file: read it, check it row by row, and apply it
only when the coordinator confirms a list without errors.

Reading refuses a file that is too big, not text, empty or without an e-mail column,
and writes nothing then. A readable file becomes a `MemberImport` holding the rows as
read; what each row will do, and what is wrong with it, is worked out again against
the organisation as it is now every time the preview is shown and on confirming,
because members and teams may change in between.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from lms.models import Membership, Organisation, User

from .invitations import invitation_create, normalise_email
from .models import Invitation, MemberImport

MAX_BYTES = 1_000_000
MAX_ROWS = 2000

# Header words, compared without accents, case, spaces, hyphens or dots.
COLUMNS = {
    "email": {
        "email", "mail", "emailadres", "emailaddress", "courriel", "adressemail",
        "adresseemail", "adressecourriel",
    },
    "name": {"naam", "name", "nom", "volledigenaam", "fullname", "nomcomplet"},
    "first_name": {"voornaam", "firstname", "givenname", "prenom"},
    "last_name": {
        "achternaam", "familienaam", "lastname", "surname", "familyname",
        "nomdefamille",
    },
    "teams": {
        "team", "teams", "balie", "balies", "equipe", "equipes", "dienst",
        "diensten", "service",
    },
    "role": {"rol", "role", "roles", "rollen"},
}  # fmt: skip

ROLES = {
    Membership.Role.LEARNER: {
        "learner", "leerling", "apprenant", "apprenante", "lerende", "cursist",
        "deelnemer", "participant",
    },
    Membership.Role.TRAINER: {"trainer", "lesgever", "formateur", "formatrice"},
    Membership.Role.COORDINATOR: {
        "coordinator", "coordinatrice", "coordinateur", "coördinator",
    },
}  # fmt: skip


def _fold(text: str) -> str:
    """`text` without accents, case, spaces, hyphens, underscores or dots."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-_.]", "", text).lower()


_ROLE_WORDS = {_fold(word): role for role, words in ROLES.items() for word in words}


def role_from_text(text: str) -> str | None:
    """The role a cell names in Dutch, French or English (learner when empty)."""
    if not text.strip():
        return Membership.Role.LEARNER
    return _ROLE_WORDS.get(_fold(text))


# --- Reading the file


def _decode(data: bytes) -> str:
    """The file as text: UTF-8 (with or without the mark Excel puts in front), else
    Windows-1252, as Excel saves a CSV on a Belgian PC."""
    not_text = ValidationError(
        _("This is not a CSV file. Save the list as CSV (text) and upload it again."),
        code="not_text",
    )
    if b"\x00" in data:
        raise not_text
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise not_text from None
    if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text):
        raise not_text
    return text


def _columns(header: list[str]) -> dict[str, int]:
    """Which column holds what, from the header row; the first column of a kind wins
    and columns nobody asked for are left out."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        word = _fold(cell)
        for kind, words in COLUMNS.items():
            if word in words and kind not in found:
                found[kind] = index
    # "prénom; nom": beside a first-name column, "nom" / "naam" is the last name.
    if "first_name" in found and "name" in found and "last_name" not in found:
        found["last_name"] = found.pop("name")
    return found


def _cell(cells: list[str], index: int) -> str:
    """A cell's text with its white space tidied; empty past the end of a short row."""
    return " ".join(cells[index].split()) if index < len(cells) else ""


def _split_teams(cell: str) -> list[str]:
    names = [" ".join(part.split()) for part in re.split(r"[|,]", cell)]
    return list(dict.fromkeys(name for name in names if name))


def read_rows(data: bytes) -> list[dict]:
    """The member rows of a CSV file, each with its line number, or ValidationError
    with one message for the whole file.

    A row: {"line", "first_name", "last_name", "email", "teams" (names), "role"
    (as written)}. Delimiter `;` or `,`, whichever the header row uses more.
    """
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 1 MB. Split the list over several files."),
            code="too_big",
        )
    text = _decode(data)
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    first_line = next(line for line in text.splitlines() if line.strip())
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[dict] = []
    columns: dict[str, int] | None = None
    try:
        last_line = 0
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = _columns(cells)
                if "email" not in columns:
                    raise ValidationError(
                        _(
                            "The first row must name the columns, with at least an "
                            "e-mail column, for example: name;e-mail;team;role."
                        ),
                        code="no_email_column",
                    )
                continue
            if len(rows) == MAX_ROWS:
                raise ValidationError(
                    _(
                        "The file has more than %(max)s rows. Split it over several files."
                    )
                    % {"max": MAX_ROWS},
                    code="too_many_rows",
                )
            value = {kind: _cell(cells, index) for kind, index in columns.items()}
            first_name = value.get("first_name", "")
            last_name = value.get("last_name", "")
            if not (first_name or last_name) and value.get("name"):
                first_name, _space, last_name = value["name"].partition(" ")
            rows.append(
                {
                    "line": line,
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": normalise_email(value["email"]),
                    "teams": _split_teams(value.get("teams", "")),
                    "role": value.get("role", ""),
                }
            )
    except csv.Error:
        raise ValidationError(
            _("This file cannot be read as CSV. Save it as CSV and upload it again."),
            code="not_csv",
        ) from None
    if not rows:
        raise ValidationError(
            _("The file has a header row but no members."), code="no_rows"
        )
    return rows


def member_import_create(
    *, organisation: Organisation, upload: UploadedFile, by: User
) -> MemberImport:
    """Read an uploaded member list and keep it for the preview; nothing is applied.
    ValidationError (one message for the whole file) when it cannot be read."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 1 MB. Split the list over several files."),
            code="too_big",
        )
    rows = read_rows(upload.read(MAX_BYTES + 1))
    return MemberImport.objects.create(
        organisation=organisation,
        created_by=by,
        filename=(upload.name or "")[:255],
        rows=rows,
    )


# --- Checking the rows against the organisation


class Action:
    INVITE = "invite"
    REINVITE = "reinvite"
    # A person with an account is invited too, and joins only when they accept.
    INVITE_ACCOUNT = "invite_account"


@dataclass
class PreviewRow:
    """One line of the file, what confirming will do with it, and what stops it."""

    line: int
    first_name: str
    last_name: str
    email: str
    team_names: list[str]
    role_text: str
    role: str | None
    action: str = ""
    errors: list[str] = field(default_factory=list)
    teams: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_label(self) -> str:
        return str(Membership.Role(self.role).label) if self.role else self.role_text

    @property
    def action_label(self) -> str:
        return {
            Action.INVITE: _("Invitation mailed"),
            Action.REINVITE: _("Invitation mailed again"),
            Action.INVITE_ACCOUNT: _(
                "Has an account: invitation mailed, joins after accepting"
            ),
        }.get(self.action, "")


@dataclass
class ImportPreview:
    rows: list[PreviewRow]

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def invitations(self) -> int:
        return sum(1 for row in self.rows if not row.errors)

    @property
    def accounts(self) -> int:
        """How many of the invited already have an account (and must accept)."""
        return sum(
            1
            for row in self.rows
            if not row.errors and row.action == Action.INVITE_ACCOUNT
        )


def member_import_check(member_import: MemberImport) -> ImportPreview:
    """Every row of the import with what confirming it now would do, and its errors:
    invalid address, the same address on an earlier line, unknown team, unknown
    role, already a member. A constant number of queries for any number of rows."""
    organisation = member_import.organisation
    teams = {team.name.casefold(): team for team in organisation.teams.all()}
    team_list = ", ".join(sorted((t.name for t in teams.values()), key=str.casefold))
    emails = {row["email"] for row in member_import.rows}
    # An account is found by its login address or another address it verified.
    accounts = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    for email, user_id in EmailAddress.objects.filter(
        email__in=emails, verified=True
    ).values_list("email", "user_id"):
        accounts.setdefault(email.lower(), user_id)
    members = set(
        Membership.objects.filter(
            organisation=organisation, user_id__in=accounts.values()
        ).values_list("user_id", flat=True)
    )
    invited = set(
        Invitation.objects.filter(
            organisation=organisation, email__in=emails, accepted_at__isnull=True
        ).values_list("email", flat=True)
    )
    first_line: dict[str, int] = {}
    rows = []
    for data in member_import.rows:
        row = PreviewRow(
            line=data["line"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            team_names=data["teams"],
            role_text=data["role"],
            role=role_from_text(data["role"]),
        )
        email = row.email
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(
                _("“%(email)s” is not a valid e-mail address.") % {"email": email}
                if email
                else _("The e-mail address is missing.")
            )
            email = ""
        if email in first_line:
            row.errors.append(
                _("The same e-mail address as line %(line)s.")
                % {"line": first_line[email]}
            )
        elif email:
            first_line[email] = row.line
        for name in row.team_names:
            team = teams.get(name.casefold())
            if team is not None:
                row.teams.append(team)
            elif teams:
                row.errors.append(
                    _("Unknown team “%(team)s”. The teams are: %(teams)s.")
                    % {"team": name, "teams": team_list}
                )
            else:
                row.errors.append(
                    _("Unknown team “%(team)s”. This organisation has no teams yet.")
                    % {"team": name}
                )
        if row.role is None:
            row.errors.append(
                _("Unknown role “%(role)s”. Use learner, trainer or coordinator.")
                % {"role": row.role_text}
            )
        if accounts.get(email) in members:
            row.errors.append(_("Already a member of this organisation."))
        elif email in accounts:
            row.action = Action.INVITE_ACCOUNT
        elif email in invited:
            row.action = Action.REINVITE
        else:
            row.action = Action.INVITE
        rows.append(row)
    return ImportPreview(rows=rows)


def member_import_confirm(
    *, member_import: MemberImport, by: User, language: str = ""
) -> int:
    """Apply every row of an import in one transaction: an invitation for each row,
    mailed after the commit in `language` (people with an account join when they
    accept it, like everyone else). Returns the number of invitations.

    The rows are checked again first; with any error nothing is applied and
    ValidationError says so. An import is applied once: its row is locked and a
    second confirmation is refused.
    """
    with transaction.atomic():
        locked = (
            MemberImport.objects.select_for_update()
            .select_related("organisation")
            .get(pk=member_import.pk)
        )
        if locked.confirmed_at is not None:
            raise ValidationError(
                _("This list was already imported."), code="already_confirmed"
            )
        preview = member_import_check(locked)
        if preview.errors:
            raise ValidationError(
                _(
                    "Nothing was imported: %(count)s rows have errors. Correct the "
                    "file and upload it again."
                )
                % {"count": preview.errors},
                code="row_errors",
            )
        for row in preview.rows:
            invitation_create(
                organisation=locked.organisation,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                role=row.role,
                teams=row.teams,
                by=by,
                language=language,
            )
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        audit_record(
            action="coordination.import",
            instance=locked,
            by=by,
            about=locked.filename,
            data={"rows": len(preview.rows)},
        )
    return len(preview.rows)
