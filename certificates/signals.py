"""What certificates tell the apps above them (badges), which it never imports."""

from django.dispatch import Signal

#: Sent once per certificate, by the render task right after the certificate became
#: valid (its PDF stored): the same Celery task, so whatever follows a certificate
#: (its Open Badges credential) comes by the same path, retried the same way.
#: Arguments: ``certificate`` (Certificate). Receivers run outside any transaction;
#: one that fails does not undo the certificate (its periodic task catches up).
certificate_valid = Signal()

#: Sent inside the transaction that revoked a certificate or replaced it by a new one
#: (the old one marked superseded): what was issued with it must stop being valid in
#: the same commit. Arguments: ``certificate`` (Certificate).
certificate_withdrawn = Signal()
