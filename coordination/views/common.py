"""What every coordinator page shares: finding the organisation the user coordinates,
and handling the form of a list page."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from lms.errors import refusal_messages
from lms.models import Organisation
from lms.roles import coordinated_organisations


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


def form_post(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[..., object],
    done: Callable[[object], str],
) -> HttpResponse | None:
    """The form of a list page (assign, invite, plan): when it is posted and valid,
    `write(**cleaned_data)` (a service); a refusal goes on the form, success is
    told with `done(result)` and the list shown afresh. None: show the page (again),
    the form with what was typed."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(**form.cleaned_data)
    except ValidationError as error:
        form_add_refusal(form, error)
        return None
    messages.success(request, done(result))
    return redirect(request.path)
