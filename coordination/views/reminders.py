"""Placeholder: being written in this session."""

from django.http import Http404


def reminder_settings(request, *args, **kwargs):
    raise Http404


def my_reminders(request, *args, **kwargs):
    raise Http404
