"""Download counts of a kit, for editors (from the page listing's "…" menu)."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.admin.auth import user_has_any_page_permission, user_passes_test

from training.models import KitDownload, KitMaterial, TrainerKitPage


@user_passes_test(user_has_any_page_permission)
def kit_downloads(request, pk: int):
    kit = get_object_or_404(TrainerKitPage, pk=pk)
    materials = (
        KitMaterial.objects.filter(kit=kit)
        .annotate(download_count=Count("downloads"))
        .order_by("sort_order")
    )
    return TemplateResponse(
        request,
        "training/admin/kit_downloads.html",
        {
            "kit": kit,
            "materials": materials,
            "zip_count": KitDownload.objects.filter(kit=kit, material=None).count(),
            # People with an account (or erased since); visitors of a public kit
            # without one are counted apart: they cannot be told apart.
            "people": KitDownload.objects.filter(kit=kit)
            .exclude(user=None, erased_person=None)
            .values("user", "erased_person")
            .distinct()
            .count(),
            "anonymous": KitDownload.objects.filter(
                kit=kit, user=None, erased_person=None
            ).count(),
        },
    )
