"""`python manage.py lrs_status`: where the learning records stand, for an operator."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from xapi import outbox


class Command(BaseCommand):
    help = (
        "Show the learning records (xAPI statements) waiting for the LRS, failing, "
        "sent and rejected, the oldest waiting and the last error."
    )

    def handle(self, *args, **options) -> None:
        if outbox.enabled():
            self.stdout.write(f"LRS: {settings.LRS_ENDPOINT}")
        else:
            self.stdout.write("LRS: none configured (LRS_ENDPOINT is empty)")
        state = outbox.status()
        self.stdout.write(f"Waiting:  {state.waiting}")
        self.stdout.write(f"Failing:  {state.failing} (tried at least once)")
        self.stdout.write(
            f"Sent:     {state.sent} (in the last {outbox.KEEP_SENT.days} days)"
        )
        self.stdout.write(f"Rejected: {state.rejected} (refused by the LRS)")
        if state.oldest_waiting:
            age = timezone.now() - state.oldest_waiting
            self.stdout.write(
                f"Oldest waiting: {state.oldest_waiting.isoformat()} "
                f"({int(age.total_seconds() // 60)} minutes ago)"
            )
        if state.last_sent:
            self.stdout.write(f"Last sent: {state.last_sent.isoformat()}")
        if state.last_error:
            self.stdout.write(f"Last error: {state.last_error}")
