from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quizzes.importing import (
    FORMATS,
    ImportRefused,
    describe_unsupported,
    questions_import,
)


class Command(BaseCommand):
    help = "Import questions from a Moodle XML or GIFT file into a question bank."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--bank", required=True, help="Name of the bank (made if new)."
        )
        parser.add_argument(
            "--skip-unsupported",
            action="store_true",
            help="Import the rest when the file holds unsupported question types.",
        )

    def handle(
        self,
        *args,
        file: Path,
        format: str,
        bank: str,
        skip_unsupported: bool,
        **options,
    ):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s")
                % {"file": file, "error": error.strerror}
            ) from None
        try:
            report = questions_import(
                bank_name=bank,
                data=data,
                file_format=format,
                skip_unsupported=skip_unsupported,
            )
        except ImportRefused as refusal:
            raise CommandError("\n".join(refusal.problems)) from None
        for item in report.skipped:
            self.stderr.write(f"{describe_unsupported(item)} {_('Skipped.')}")
        # What was not kept, question by question, as on the admin's import page.
        for label, notes in report.notes:
            self.stderr.write(f"{label}:")
            for note in notes:
                self.stderr.write(f"  - {note}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)s questions into “%(bank)s”.")
                % {"count": report.imported, "bank": report.bank}
            )
        )
