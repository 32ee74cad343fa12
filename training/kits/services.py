"""Trainer kits: what changed when, the zip of a whole kit, and download counts.

A kit's zip is built by a Celery task and kept for the kit's *fingerprint* (every
material's file contents, version, title, kind and language, in order). Publishing the
kit again with the same materials changes nothing; replacing one file or raising one
version makes a new fingerprint, so the next download gets a new zip.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from tempfile import SpooledTemporaryFile

from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from lms.models import User
from lms.queue import task_after_commit
from training.models import (
    KitBundle,
    KitDownload,
    KitMaterial,
    MaterialStamp,
    TrainerKitPage,
)


def material_fingerprint(material: KitMaterial) -> str:
    document = material.document
    parts = [
        str(document.pk),
        document.get_file_hash(),
        material.version,
        material.title,
        material.kind,
        material.language,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _materials(kit: TrainerKitPage) -> list[KitMaterial]:
    return list(
        KitMaterial.objects.filter(kit=kit)
        .select_related("document", "stamp")
        .order_by("sort_order", "pk")
    )


def kit_fingerprint(kit: TrainerKitPage) -> str:
    joined = "|".join(material_fingerprint(m) for m in _materials(kit))
    return hashlib.sha256(joined.encode()).hexdigest()


def kit_refresh(kit: TrainerKitPage) -> None:
    """After a publish or a replaced file: stamp the materials that really changed
    (new, other file, other contents or version) and queue the kit's zip."""
    now = timezone.now()
    for material in _materials(kit):
        fingerprint = material_fingerprint(material)
        stamp = getattr(material, "stamp", None)
        if stamp is None:
            MaterialStamp.objects.create(
                material=material, fingerprint=fingerprint, changed_at=now
            )
        elif stamp.fingerprint != fingerprint:
            stamp.fingerprint = fingerprint
            stamp.changed_at = now
            stamp.save(update_fields=["fingerprint", "changed_at"])
    task_after_commit("training.tasks.build_kit_bundle", kit.pk)


def kit_bundle_current(kit: TrainerKitPage) -> KitBundle | None:
    """The built zip for the kit as it is now, if there is one."""
    return KitBundle.objects.filter(
        kit=kit, fingerprint=kit_fingerprint(kit), built_at__isnull=False
    ).first()


def _zip_name(number: int, material: KitMaterial, taken: set[str]) -> str:
    stem = re.sub(r"[^\w\- ]+", "", material.title).strip() or "bestand"
    extension = material.document.file_extension or "bin"
    name = f"{number:02d} {stem}.{extension}"
    while name in taken:
        number += 100
        name = f"{number:02d} {stem}.{extension}"
    taken.add(name)
    return name


def kit_bundle_build(kit_id: int) -> KitBundle | None:
    """Build the zip of a kit for its current fingerprint, once.

    Idempotent: a bundle already built for this fingerprint is returned as it is; two
    workers on the same kit wait on one row. Older zips of the kit are removed.
    """
    kit = TrainerKitPage.objects.filter(pk=kit_id).first()
    if kit is None:
        return None
    fingerprint = kit_fingerprint(kit)
    with transaction.atomic():
        bundle, _ = KitBundle.objects.get_or_create(kit=kit, fingerprint=fingerprint)
        bundle = KitBundle.objects.select_for_update().get(pk=bundle.pk)
        if bundle.built_at is not None:
            return bundle
        with SpooledTemporaryFile(max_size=20 * 1024 * 1024) as buffer:
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                taken: set[str] = set()
                for number, material in enumerate(_materials(kit), start=1):
                    name = _zip_name(number, material, taken)
                    with (
                        material.document.open_file() as source,
                        archive.open(name, "w") as target,
                    ):
                        for chunk in iter(lambda s=source: s.read(1 << 20), b""):
                            target.write(chunk)
            buffer.seek(0)
            bundle.file.save(f"kit-{kit.pk}-{fingerprint[:12]}.zip", File(buffer))
        bundle.size = bundle.file.size
        bundle.built_at = timezone.now()
        bundle.save(update_fields=["size", "built_at"])
        for old in KitBundle.objects.filter(kit=kit).exclude(pk=bundle.pk):
            old.file.delete(save=False)
            old.delete()
    return bundle


def kit_download_record(
    *,
    user: User | AnonymousUser,
    kit: TrainerKitPage,
    material: KitMaterial | None = None,
) -> None:
    """Count a download (one material, or the whole kit when `material` is None); a
    visitor without an account downloads a public kit unnamed."""
    KitDownload.objects.create(
        user=user if user.is_authenticated else None, kit=kit, material=material
    )
