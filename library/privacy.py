"""What the databank holds about a person: their favourites and what they shared."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import Favourite, LibraryItem


class Library(PersonalData):
    name = "library"
    models = {
        "library.Favourite": Treatment.ERASED,
        # Published material stays for everyone, without its submitter's name; what
        # was not published goes, with its file.
        "library.LibraryItem": Treatment.ANONYMISED,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your favourites and shared material"),
                what=_(
                    "The items of the databank you starred; the material you shared, "
                    "with its file, when you shared it and the editors' decision."
                ),
                who_sees=_(
                    "Your favourites: only you. Material you shared: the editors, and "
                    "everyone once it is published (under the organisation you gave, "
                    "not your name)."
                ),
                kept=_(
                    "As long as you have an account. Published material stays in the "
                    "databank afterwards, without your name."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "library_favourites",
            [
                {"item": f.item.title, "starred_at": f.created_at}
                for f in Favourite.objects.filter(user=user).select_related("item")
            ],
        )
        rows = []
        for item in LibraryItem.objects.filter(submitted_by=user).select_related(
            "document", "type"
        ):
            rows.append(
                {
                    "title": item.title,
                    "description": item.description,
                    "organisation": item.organisation,
                    "type": item.type.name,
                    "link": item.link,
                    "file": archive.file(
                        f"library/{item.pk}-{item.document.filename}",
                        item.document.file,
                    )
                    if item.document
                    else None,
                    "licence": item.licence,
                    "status": item.status,
                    "submitted_at": item.submitted_at,
                    "sharing_confirmed_at": item.sharing_confirmed_at,
                    "editors_message": item.moderation_message,
                }
            )
        archive.records("library_submissions", rows)

    def erase(self, user: User, erasure: Erasure) -> None:
        Favourite.objects.filter(user=user).delete()
        shared = LibraryItem.objects.filter(submitted_by=user)
        for item in shared.exclude(status=LibraryItem.Status.PUBLISHED).select_related(
            "document"
        ):
            document = item.document
            item.delete()
            if document is not None:
                erasure.delete_file(document.file)
                document.delete()
        shared.update(submitted_by=None)


register(Library())
