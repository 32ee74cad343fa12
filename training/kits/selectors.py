"""Who may open a trainer kit, and what a trainer sees of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, QuerySet

from languages.selectors import in_reader_language
from lms.models import User
from lms.roles import is_trainer
from training.models import KitDownload, KitMaterial, TrainerKitPage


def may_edit_pages(user: User | AnonymousUser) -> bool:
    """Editors in the Wagtail admin see every kit (they made them)."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def kit_may_open(user: User | AnonymousUser, kit: TrainerKitPage) -> bool:
    """A public kit is open to everyone, without an account (it is in the databank
    too); a trainers-only kit to trainers and editors."""
    if not kit.trainers_only:
        return True
    return user.is_authenticated and (is_trainer(user) or may_edit_pages(user))


def kit_may_open_any(
    user: User | AnonymousUser, kits: QuerySet[TrainerKitPage]
) -> bool:
    """Whether `user` may open at least one of `kits`: who may download the documents
    the kits use (`home.selectors.document_may_download`). One or two queries."""
    return bool(_openable(kits, user))


@dataclass
class MaterialRow:
    material: KitMaterial
    changed_at: datetime | None
    changed_since_download: bool


@dataclass
class KitState:
    kit: TrainerKitPage
    materials: list[MaterialRow] = field(default_factory=list)
    last_download: datetime | None = None

    @property
    def changed(self) -> list[MaterialRow]:
        return [row for row in self.materials if row.changed_since_download]


def _last_downloads(user: User, kit_ids: list[int]) -> dict[int, datetime]:
    if not user.is_authenticated or not kit_ids:
        return {}
    return dict(
        KitDownload.objects.filter(user=user, kit_id__in=kit_ids)
        .values("kit_id")
        .annotate(last=Max("downloaded_at"))
        .values_list("kit_id", "last")
    )


def _states(kits: list[TrainerKitPage], user: User) -> list[KitState]:
    last = _last_downloads(user, [kit.pk for kit in kits])
    materials = (
        KitMaterial.objects.filter(kit__in=kits)
        .select_related("document", "stamp")
        .order_by("kit_id", "sort_order")
    )
    states = {kit.pk: KitState(kit=kit, last_download=last.get(kit.pk)) for kit in kits}
    for material in materials:
        state = states[material.kit_id]
        stamp = getattr(material, "stamp", None)
        changed_at = stamp.changed_at if stamp else None
        state.materials.append(
            MaterialRow(
                material=material,
                changed_at=changed_at,
                changed_since_download=bool(
                    state.last_download
                    and changed_at
                    and changed_at > state.last_download
                ),
            )
        )
    return list(states.values())


def kit_state(kit: TrainerKitPage, user: User) -> KitState:
    """The kit's materials with what changed since `user` last downloaded from it."""
    return _states([kit], user)[0]


def kits_for_trainer(user: User) -> list[KitState]:
    """Every live kit `user` may open, for the trainer dashboard: three queries."""
    if not user.is_authenticated:
        return []
    return _states(
        _openable(in_reader_language(TrainerKitPage.objects.live()), user), user
    )


def kits_of_course(course, user: User | AnonymousUser) -> list[TrainerKitPage]:
    """The live kits of `course` that `user` may open."""
    return _openable(TrainerKitPage.objects.live().child_of(course), user)


def _openable(kits, user: User | AnonymousUser) -> list[TrainerKitPage]:
    kits = list(kits.order_by("path"))
    # The role is only looked up when there is a trainers-only kit to hide.
    if any(kit.trainers_only for kit in kits) and not (
        user.is_authenticated and (is_trainer(user) or may_edit_pages(user))
    ):
        kits = [kit for kit in kits if not kit.trainers_only]
    return kits
