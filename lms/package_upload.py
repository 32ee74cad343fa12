"""Uploading zip packages (H5P, SCORM): the admin's list and upload form, the
snippets of the activities placed from them, and the command `manage.py
import_<app>`, each given one app's model, import service and words.

Uploading needs its own permission: a package carries JavaScript that runs for
learners. The pages are `<app>/` (`<app>_packages`) and `<app>/upload/`
(`<app>_upload`) in the admin, with templates `<app>/admin/<app>_packages.html`
and `<app>_upload.html` (extending `lms/admin/package_list.html` and
`package_upload.html`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin_menu import PermissionMenuItem
from lms.zips import PackageRefused

#: An app's `services.package_import`: (upload, title, user) → (package, created).
Importer = Callable[..., tuple[models.Model, bool]]


def upload_form(file_label: str, accept: str) -> type[forms.Form]:
    """The upload form: the file (`accept`: its extension, e.g. ".zip") and an
    optional title."""

    class UploadForm(forms.Form):
        file = forms.FileField(
            label=file_label, widget=forms.ClearableFileInput(attrs={"accept": accept})
        )
        title = forms.CharField(
            label=gettext_lazy("Title (optional)"),
            required=False,
            max_length=200,
            help_text=gettext_lazy("Empty: the title inside the package."),
        )

    return UploadForm


@dataclass(frozen=True)
class PackageAdmin:
    """One app's packages in the Wagtail admin; `register()` from its
    `wagtail_hooks`."""

    app: str
    model: type[models.Model]
    package_import: Importer
    permission: str  # "<app>.<codename>"
    menu_label: str  # also the list's title
    icon: str
    order: int
    file_label: str
    accept: str

    def register(self) -> None:
        hooks.register("register_admin_urls", self.urls)
        hooks.register("register_admin_menu_item", self.menu_item)
        hooks.register("register_permissions", self.permissions)

    def urls(self) -> list:
        allowed = permission_required(self.permission)
        return [
            path(f"{self.app}/", allowed(self.package_list), name=self.list_name),
            path(
                f"{self.app}/upload/",
                allowed(self.package_upload),
                name=self.upload_name,
            ),
        ]

    def menu_item(self) -> PermissionMenuItem:
        return PermissionMenuItem(
            self.menu_label,
            reverse(self.list_name),
            icon_name=self.icon,
            order=self.order,
            permission=self.permission,
        )

    def permissions(self):
        # Shown in the group editor: the right to upload packages (JavaScript) is
        # for a few trusted editors.
        app_label, codename = self.permission.split(".")
        return Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )

    @property
    def list_name(self) -> str:
        return f"{self.app}_packages"

    @property
    def upload_name(self) -> str:
        return f"{self.app}_upload"

    def package_list(self, request):
        """Every package with its state: being unpacked, ready, or failed and why."""
        packages = self.model.objects.select_related("uploaded_by")
        return TemplateResponse(
            request,
            f"{self.app}/admin/{self.list_name}.html",
            {
                "page": Paginator(packages, 50).get_page(request.GET.get("p")),
                "title": self.menu_label,
                "upload_url": reverse(self.upload_name),
            },
        )

    def package_upload(self, request):
        form = upload_form(self.file_label, self.accept)(
            request.POST or None, request.FILES or None
        )
        refused: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                package, created = self.package_import(
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    user=request.user,
                )
            except PackageRefused as error:
                refused = error.problems
            else:
                if created:
                    messages.success(
                        request,
                        _("“%(title)s” is checked and being unpacked.")
                        % {"title": package.title},
                    )
                else:
                    messages.info(
                        request,
                        _("This file was uploaded before, as “%(title)s”.")
                        % {"title": package.title},
                    )
                return redirect(self.list_name)
        return TemplateResponse(
            request,
            f"{self.app}/admin/{self.upload_name}.html",
            {"form": form, "refused": refused},
            status=400 if refused else 200,
        )


class ActivityViewSet(SnippetViewSet):
    """Editors place a ready package in lessons as an activity: the snippets of
    `courses.exercises.LessonExercise`'s subclasses (each app sets the model, icon,
    label and order)."""

    add_to_admin_menu = True
    list_display = ["title", "package", "must_complete", "pass_required"]
    search_fields = ["title"]


class PackageImportCommand(BaseCommand):
    """`manage.py import_<app> FILE [--title T]`: check a file and add it as a
    package; prints its id (with `details`) or the reasons it was refused."""

    def package_import(self, *, upload: IO[bytes], title: str):
        raise NotImplementedError

    def details(self, package) -> list[str]:
        """Columns printed between the title and the state."""
        return []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", default="", help="Title shown to editors.")

    def handle(self, *args, file: Path, title: str, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        with file.open("rb") as upload:
            try:
                package, created = self.package_import(upload=upload, title=title)
            except PackageRefused as refused:
                raise CommandError(
                    "Refused:\n" + "\n".join(f"- {p}" for p in refused.problems)
                ) from None
        state = "added" if created else "already there"
        columns = [str(package.pk), package.title, *self.details(package)]
        self.stdout.write("\t".join([*columns, f"({state}, {package.status})"]))
