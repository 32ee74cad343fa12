"""Downloads from a trainer kit: one material or the whole kit as a zip, after the
kit's access check, each counted. A material's file also passes the check every
document passes (`home.selectors.document_may_download`), whatever URL asks for it."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Page

from home.selectors import document_may_download, page_open_to
from lms.queue import task_send
from lms.routing import page_view
from training.kits import services
from training.kits.selectors import kit_may_open, kit_state
from training.models import KitMaterial, TrainerKitPage


@page_view("training.kit")
def kit_page(request: HttpRequest, kit: TrainerKitPage) -> HttpResponse:
    """The kit's page, for whoever may open it: others log in first, or get 404."""
    if not kit_may_open(request.user, kit):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return Page.serve(kit, request)


@page_view("training.kit_context")
def kit_context(request: HttpRequest, kit: TrainerKitPage) -> dict:
    return {"state": kit_state(kit, request.user)}


def _kit(request: HttpRequest, pk: int) -> TrainerKitPage:
    """The live kit `pk` when `user` may open it: the kit's own rule and the Wagtail
    view restrictions an editor put on it or above it; 404 otherwise."""
    kit = TrainerKitPage.objects.live().filter(pk=pk).first()
    if (
        kit is None
        or not kit_may_open(request.user, kit)
        or not page_open_to(request.user, kit)
    ):
        raise Http404
    return kit


def material_download(request: HttpRequest, pk: int, material_pk: int) -> FileResponse:
    kit = _kit(request, pk)
    material = (
        KitMaterial.objects.filter(kit=kit, pk=material_pk)
        .select_related("document")
        .first()
    )
    if material is None or not document_may_download(request.user, material.document):
        raise Http404
    services.kit_download_record(user=request.user, kit=kit, material=material)
    document = material.document
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )


def bundle_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole kit as one zip. When it is still being built, a page says so and
    offers to try again in a moment (the build task was queued at publish)."""
    kit = _kit(request, pk)
    bundle = services.kit_bundle_current(kit)
    if bundle is None:
        task_send(
            "training.tasks.build_kit_bundle", kit.pk
        )  # runs at once where there is no broker
        bundle = services.kit_bundle_current(kit)
    if bundle is None:
        return render(
            request, "training/kits/bundle_pending.html", {"kit": kit}, status=202
        )
    services.kit_download_record(user=request.user, kit=kit)
    return FileResponse(
        bundle.file.open("rb"),
        as_attachment=True,
        filename=f"{kit.slug}.zip",
        content_type="application/zip",
    )
