"""What every coordinator page shares: finding the organisation the user coordinates."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from lms.models import Organisation

from ..selectors import coordinated_organisations


def coordinated(request: HttpRequest, pk: int) -> Organisation:
    """The organisation `pk` when the logged-in user coordinates it; 404 otherwise, the
    same answer as for an organisation that does not exist."""
    return get_object_or_404(coordinated_organisations(request.user), pk=pk)
