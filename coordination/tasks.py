"""Celery tasks of the coordination app: thin wrappers around services."""
