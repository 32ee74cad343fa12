"""Where each part of the platform says what it holds about a person, and how that is
exported, erased and kept.

Every app that stores personal data registers a `PersonalData` provider in its module
`<app>/privacy.py` (found when the privacy app starts), the way Moodle's plugins each
ship a privacy provider. The export, the erasure, the retention task and the privacy
page all read this one registry, and a test fails when a model that points at a user
(or holds an e-mail address) is claimed by no provider.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lms.models import User

    from .archive import ExportArchive
    from .erasure import Erasure


#: How long most personal data is kept, in the words of the privacy page.
AS_LONG_AS_ACCOUNT = _("As long as you have an account.")


class Treatment(StrEnum):
    """What erasing a person does to the rows of a model that concern them."""

    #: The rows go (deleted by the provider, or by the database with the account).
    ERASED = "erased"
    #: The rows stay for others (a forum thread, a test's statistics, a log), without
    #: anything that names the person.
    ANONYMISED = "anonymised"


@dataclass(frozen=True)
class DataCategory:
    """A kind of personal data, as the privacy page explains it."""

    title: str
    what: str
    who_sees: str
    kept: str


class PersonalData:
    """What one part of the platform holds about a person. Subclasses set `name` and
    `models` and override the methods that apply."""

    #: Short name, used in the log of an export.
    name: str = ""
    #: Every model of this part that points at a user or holds an address or a login
    #: name: model label ("app.Model") → what erasure does to its rows.
    models: dict[str, Treatment] = {}

    def categories(self) -> list[DataCategory]:
        """What the privacy page says about this part's data."""
        return []

    def export(self, user: User, archive: ExportArchive) -> None:
        """Add what this part holds about `user` to the archive: records per kind,
        and the files."""

    def erase(self, user: User, erasure: Erasure) -> None:
        """Delete or anonymise what this part holds about `user`, inside the
        erasure's transaction; files go through `erasure.delete_file`. The account
        row itself is deleted last, by the privacy app."""

    def retain(self, now: datetime) -> dict[str, int]:
        """Delete what is past its retention period; how many rows of each kind."""
        return {}


_providers: list[PersonalData] = []


def register(provider: PersonalData) -> PersonalData:
    """Add a provider (once: registering the same class twice is ignored)."""
    if not any(type(p) is type(provider) for p in _providers):
        _providers.append(provider)
    return provider


def providers() -> list[PersonalData]:
    """Every registered provider, in the order of INSTALLED_APPS."""
    return list(_providers)
