"""What every coordinator page shares: finding the organisation the user coordinates."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from lms.errors import refusal_messages
from lms.models import Organisation

from ..selectors import coordinated_organisations


def coordinated(request: HttpRequest, pk: int) -> Organisation:
    """The organisation `pk` when the logged-in user coordinates it; 404 otherwise, the
    same answer as for an organisation that does not exist."""
    return get_object_or_404(coordinated_organisations(request.user), pk=pk)


def form_add_refusal(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside the field it names,
    the rest above the form. The typed input stays in the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in refusal_messages(error):
            form.add_error(None, message)
