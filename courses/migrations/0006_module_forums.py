"""Every module existing before the forums gets its forum (new ones get it when made)."""

from django.db import migrations

STEPLEN = 4


def create_module_forums(apps, schema_editor):
    Forum = apps.get_model("courses", "Forum")
    ModulePage = apps.get_model("courses", "ModulePage")
    CoursePage = apps.get_model("courses", "CoursePage")
    courses = {course.path: course for course in CoursePage.objects.all()}
    for module in ModulePage.objects.filter(forum__isnull=True):
        course = courses.get(module.path[:-STEPLEN])
        if course is not None:
            Forum.objects.create(
                module=module,
                title=module.title,
                audience="course",
                course=course,
                position=module.number,
            )


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_forums")]

    operations = [migrations.RunPython(create_module_forums, migrations.RunPython.noop)]
