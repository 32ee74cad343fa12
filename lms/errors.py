"""Showing a service's refusal to the person who asked."""

from django.core.exceptions import PermissionDenied, ValidationError


def refusal_messages(error: ValidationError | PermissionDenied) -> list[str]:
    """What a refusal says, for a form's errors or the messages framework.

    Services refuse with ValidationError (bad input) or PermissionDenied (not allowed);
    both carry a translated message.
    """
    return error.messages if isinstance(error, ValidationError) else [str(error)]
