from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quizzes.formats import QuestionFormatError
from quizzes.importing import bank_export
from quizzes.models import QuestionBank


class Command(BaseCommand):
    help = "Export a question bank to Moodle XML (standard output, or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True)
        parser.add_argument("--output", type=Path)

    def handle(self, *args, bank: str, output: Path | None, **options):
        found = QuestionBank.objects.filter(name=bank).first()
        if found is None:
            raise CommandError(
                _("There is no question bank called “%(bank)s”.") % {"bank": bank}
            )
        try:
            xml = bank_export(found)
        except QuestionFormatError as error:
            raise CommandError(
                _("The bank cannot be exported: %(error)s") % {"error": error}
            ) from None
        if output:
            output.write_text(xml, encoding="utf-8")
        else:
            self.stdout.write(xml)
