"""Placeholder: being written in this session."""

from django.http import Http404


def member_list(request, *args, **kwargs):
    raise Http404


def member_import(request, *args, **kwargs):
    raise Http404


def member_import_preview(request, *args, **kwargs):
    raise Http404


def member_teams(request, *args, **kwargs):
    raise Http404


def invitation_accept(request, *args, **kwargs):
    raise Http404
