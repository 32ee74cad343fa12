"""A mail backend for the worker test: Django's file backend that takes
`NEWSLETTER_TEST_CONNECT_SECONDS` to connect before each mail, as a mail server far
away would. The worker spends its time there, outside the hand-over of a mail, so a
test can kill it mid-sending at a known point."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class SlowConnectingFileBackend(FileBackend):
    def open(self):
        if self.stream is None:
            time.sleep(float(os.environ.get("NEWSLETTER_TEST_CONNECT_SECONDS", "0")))
        return super().open()

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        self.close()  # so the next mail connects again
        return sent
