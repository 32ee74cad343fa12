"""The databank in the Wagtail admin: its items and lists (translatable snippets),
the review of submissions, and who may download the files items use."""

from django.db.models import Model
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.selectors import ViewerRule
from lms.admin_menu import PermissionMenuItem

from . import admin_views
from .models import ItemType, LibraryItem, TargetGroup, Theme
from .selectors import may_moderate


class LibraryItemViewSet(SnippetViewSet):
    model = LibraryItem
    icon = "doc-full"
    menu_label = _("Material")
    list_display = ["title", "organisation", "type", "status", "published_on"]
    list_filter = ["status", "language"]
    search_fields = ["title"]


class ItemTypeViewSet(SnippetViewSet):
    model = ItemType
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    list_display = ["name", "slug", "sort_order"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]


class LibraryGroup(SnippetViewSetGroup):
    menu_label = _("Databank")
    menu_icon = "folder-open-inverse"
    menu_order = 350
    items = (LibraryItemViewSet, ItemTypeViewSet, TargetGroupViewSet, ThemeViewSet)


register_snippet(LibraryGroup)


@hooks.register("register_admin_urls")
def library_admin_urls():
    return [
        path(
            "databank/beoordelen/",
            admin_views.review_queue,
            name="library_review_queue",
        ),
        path(
            "databank/beoordelen/<int:pk>/",
            admin_views.review,
            name="library_review",
        ),
    ]


class ReviewMenuItem(PermissionMenuItem):
    """ "To review (3)": the number of submissions waiting."""

    def render_component(self, request):
        waiting = LibraryItem.objects.filter(status=LibraryItem.Status.SUBMITTED)
        count = waiting.count()
        return LinkMenuItemComponent(
            self.name,
            f"{self.label} ({count})" if count else self.label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


@hooks.register("register_admin_menu_item")
def review_menu_item() -> MenuItem:
    return ReviewMenuItem(
        _("Databank: to review"),
        reverse("library_review_queue"),
        icon_name="tasks",
        order=351,
        permission=admin_views.PERMISSION,
    )


def _item_viewers(user, items) -> bool:
    """A file an item uses: for everyone once the item is published; before, for its
    submitter (editors pass the document rule of the admin)."""
    if items.filter(status=LibraryItem.Status.PUBLISHED).exists():
        return True
    return user.is_authenticated and (
        items.filter(submitted_by=user).exists() or may_moderate(user)
    )


@hooks.register("register_viewer_rules")
def library_item_viewers() -> dict[type[Model], ViewerRule]:
    return {LibraryItem: _item_viewers}
