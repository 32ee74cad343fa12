"""Badges follow certificates through their signals (certificates never imports
badges)."""

from .services import credential_issue_or_wait, credential_revoke


def issue_on_certificate_valid(sender, *, certificate, **kwargs) -> None:
    """In the certificate's render task: sign its credential (a missing key waits
    for the periodic task)."""
    credential_issue_or_wait(certificate.pk)


def revoke_on_certificate_withdrawn(sender, *, certificate, **kwargs) -> None:
    """Inside the transaction that revoked or replaced the certificate: its
    credential's bit is set in the same commit."""
    credential_revoke(certificate)
