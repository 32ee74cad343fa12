"""python manage.py import_scorm FILE [--title T]: check and add a SCORM package."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scorm.services import PackageRefused, package_import


class Command(BaseCommand):
    help = "Check a SCORM 1.2 or 2004 zip and add it as a package; prints its id or the reasons it was refused."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", default="", help="Title shown to editors.")

    def handle(self, *args, file: Path, title: str, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        with file.open("rb") as upload:
            try:
                package, created = package_import(upload=upload, title=title)
            except PackageRefused as refused:
                raise CommandError(
                    "Refused:\n" + "\n".join(f"- {p}" for p in refused.problems)
                ) from None
        state = "added" if created else "already there"
        self.stdout.write(
            f"{package.pk}\t{package.title}\tSCORM {package.version}, "
            f"{len(package.scos)} SCO(s)\t({state}, {package.status})"
        )
