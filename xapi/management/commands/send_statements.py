"""`python manage.py send_statements`: send the waiting learning records to the LRS now.

What the Celery task does every minute; without a broker (tasks in-process) this is how
statements reach the LRS, e.g. from cron."""

from django.core.management.base import BaseCommand, CommandError

from xapi import outbox


class Command(BaseCommand):
    help = "Send the learning records (xAPI statements) that are due to the LRS now."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="also send the statements still waiting out a back-off",
        )
        parser.add_argument(
            "--rejected",
            action="store_true",
            help="send the statements the LRS rejected again (after a fix)",
        )

    def handle(self, *args, everything: bool, rejected: bool, **options) -> None:
        if not outbox.enabled():
            raise CommandError("No LRS is configured: set LRS_ENDPOINT.")
        if rejected:
            self.stdout.write(
                f"Rejected statements queued again: {outbox.rejected_retry()}"
            )
        if everything:
            outbox.waiting_make_due()
        sent = outbox.send_due()
        state = outbox.status()
        self.stdout.write(f"Sent: {sent}. Still waiting: {state.waiting}.")
        if state.waiting and state.last_error:
            self.stdout.write(f"Last error: {state.last_error}")
