"""What lms does when allauth reports something."""

from .joining import join_requests_after_verification


def join_requests_on_email_confirmed(request, email_address, **kwargs) -> None:
    # A verified address may let the person in by its domain, and it is what makes
    # a request worth a coordinator's attention.
    join_requests_after_verification(user=email_address.user)
