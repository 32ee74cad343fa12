"""Wagtail's Editors and Moderators groups look after the databank: they add and
change items and lists, and decide on what people share."""

from django.db import migrations

MODELS = ("libraryitem", "itemtype", "targetgroup", "theme")


def grant(apps, schema_editor):
    # Permissions are made after the migrations; these are made now, the same way.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="library", model=model
        )
        for action in ("add", "change", "delete"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            permissions.append(permission)
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_default_lists"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
