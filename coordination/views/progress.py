"""Placeholder: being written in this session."""

from django.http import Http404


def progress_view(request, *args, **kwargs):
    raise Http404


def progress_export(request, *args, **kwargs):
    raise Http404


def member_detail(request, *args, **kwargs):
    raise Http404


def summary(request, *args, **kwargs):
    raise Http404
