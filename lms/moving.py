"""Moving models from one app to another without losing a row.

Used by the migrations that gave quizzes, forums, H5P and training their own apps (they
began inside `courses`). The new app's first migration creates the models in Django's
state only; this operation moves what exists in the database under them: each table and
its many-to-many tables get the new app's names, indexes named after the old table are
renamed, and the content types change app, so pages, permissions, revisions, log entries
and search entries (which point at a content type) follow without being touched.
Reversible, on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import migrations
from django.db.models import Index


def move_models(
    source: str,
    target: str,
    models: Iterable[str],
    indexes: Iterable[tuple[str, str, str]] = (),
) -> migrations.RunPython:
    """Move the tables of `models` from app `source` to app `target`. `indexes` lists
    (model, old name, new name) for the indexes whose generated name holds the table."""
    models = tuple(models)
    indexes = tuple(indexes)

    def tables(apps) -> list[tuple[object, str, str]]:
        pairs = []
        for name in models:
            model = apps.get_model(target, name)
            new_table = model._meta.db_table
            old_table = f"{source}_{name.lower()}"
            pairs.append((model, old_table, new_table))
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                if through._meta.auto_created:
                    new_m2m = through._meta.db_table
                    old_m2m = old_table + new_m2m.removeprefix(new_table)
                    pairs.append((through, old_m2m, new_m2m))
        return pairs

    def rename_indexes(apps, schema_editor, backwards: bool) -> None:
        for name, old_name, new_name in indexes:
            model = apps.get_model(target, name)
            (index,) = [i for i in model._meta.indexes if i.name == new_name]
            old = Index(fields=index.fields, name=old_name)
            new = Index(fields=index.fields, name=new_name)
            if backwards:
                schema_editor.rename_index(model, new, old)
            else:
                schema_editor.rename_index(model, old, new)

    def content_types(apps, frm: str, to: str) -> None:
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(
            app_label=frm, model__in=[name.lower() for name in models]
        ).update(app_label=to)

    def forwards(apps, schema_editor) -> None:
        for model, old_table, new_table in tables(apps):
            schema_editor.alter_db_table(model, old_table, new_table)
        rename_indexes(apps, schema_editor, backwards=False)
        content_types(apps, source, target)

    def backwards(apps, schema_editor) -> None:
        rename_indexes(apps, schema_editor, backwards=True)
        for model, old_table, new_table in reversed(tables(apps)):
            schema_editor.alter_db_table(model, new_table, old_table)
        content_types(apps, target, source)

    return migrations.RunPython(forwards, backwards)
