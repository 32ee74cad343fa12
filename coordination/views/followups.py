"""Placeholder: being written in this session."""

from django.http import Http404


def follow_up_list(request, *args, **kwargs):
    raise Http404
