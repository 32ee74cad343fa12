"""Who may download a document: whoever may view the most visible live place using it.

Wagtail's reference index, kept on every save of a page or snippet, says where a
document is used: document blocks, rich-text links, and foreign keys of pages and of
their inline children (a kit's materials). The app that owns a type says who may view
an object of it, through the `register_viewer_rules` hook: each function registered
there returns `{model: rule}`, and `rule(user, objects)` answers whether `user` may view
at least one of `objects` (a queryset of that model, never empty). Pages reach a rule
only while live and only when the user passes their Wagtail view restrictions; any
other object (a snippet) reaches its rule as it is. A type without a rule grants
nothing, so a document is public only where a rule makes it so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Model, QuerySet
from wagtail import hooks
from wagtail.models import (
    BaseViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.permissions import policy_registry

from lms.models import User

from .models import SiteDocument

ViewerRule = Callable[[User | AnonymousUser, QuerySet], bool]
"""Whether a user may view at least one of the objects (all of one model)."""


def everyone(user: User | AnonymousUser, objects: QuerySet) -> bool:
    """The rule of public places: what they use is public on purpose."""
    return True


def document_may_download(user: User | AnonymousUser, document: SiteDocument) -> bool:
    """Whether `user` may download `document`.

    Editors (whoever may choose or change it in the admin) always may; anyone else only
    when the document is used by a place they may view (see the module). A document
    used nowhere live is the editors' alone. A constant number of queries however many
    pages use the document: twelve when a learner is refused one used by lessons and a
    trainers-only kit, fewer when a place lets them in.
    """
    return _used_where_viewable(user, document) or _is_editor_of(user, document)


def page_open_to(user: User | AnonymousUser, page: Page) -> bool:
    """Whether `user` passes the Wagtail view restrictions of `page` and its
    ancestors, as this module applies them: for views that hand out what a page
    holds without serving the page itself (a kit's zip)."""
    return page.path not in _restricted_paths(user, [page.path])


def pages_open_to(user: User | AnonymousUser, pages: list[Page]) -> list[Page]:
    """Those of `pages` whose view restrictions `user` passes: one query (two more
    for group restrictions), however many pages."""
    closed = _restricted_paths(user, [page.path for page in pages])
    return [page for page in pages if page.path not in closed]


def _is_editor_of(user: User | AnonymousUser, document: SiteDocument) -> bool:
    # Wagtail's own document policy: the collections whose documents the user may
    # pick in the admin (a forum moderator with admin access has none of them).
    policy = policy_registry.get_by_type(type(document))
    return policy.user_has_any_permission_for_instance(
        user, ["choose", "change"], document
    )


def _used_where_viewable(user: User | AnonymousUser, document: SiteDocument) -> bool:
    rules = _viewer_rules()
    for model, ids in _places_using(user, document).items():
        rule = next((rules[cls] for cls in model.__mro__ if cls in rules), None)
        if rule is not None and rule(user, model._default_manager.filter(pk__in=ids)):
            return True
    return False


def _viewer_rules() -> dict[type[Model], ViewerRule]:
    rules: dict[type[Model], ViewerRule] = {}
    for registered in hooks.get_hooks("register_viewer_rules"):
        rules.update(registered())
    return rules


def _places_using(
    user: User | AnonymousUser, document: SiteDocument
) -> dict[type[Model], list[str]]:
    """The objects using `document`, by model: pages only while live and open to
    `user` by their view restrictions, other objects all."""
    page_type_id = ContentType.objects.get_for_model(Page).pk
    page_ids: list[str] = []
    places: dict[type[Model], list[str]] = defaultdict(list)
    references = (
        ReferenceIndex.get_references_to(document)
        .values_list("base_content_type_id", "content_type_id", "object_id")
        .distinct()
    )
    for base_type_id, type_id, object_id in references:
        if base_type_id == page_type_id:
            page_ids.append(object_id)
        elif model := ContentType.objects.get_for_id(type_id).model_class():
            places[model].append(object_id)
    if page_ids:
        # Read from the pages themselves: whether they are live, where they sit in
        # the tree (for view restrictions) and their type.
        pages = Page.objects.live().filter(pk__in=page_ids)
        rows = list(pages.values_list("pk", "path", "content_type_id"))
        closed = _restricted_paths(user, [path for _pk, path, _type_id in rows])
        for pk, path, type_id in rows:
            if path not in closed:
                model = ContentType.objects.get_for_id(type_id).model_class()
                if model is not None:
                    places[model].append(str(pk))
    return places


def _restricted_paths(user: User | AnonymousUser, paths: list[str]) -> set[str]:
    """Those of `paths` under a Wagtail view restriction that `user` does not pass
    (one query, two more for group restrictions)."""
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(paths))
        .annotate(page_path=F("page__path"))
        .prefetch_related("groups")
    )
    if not restrictions:
        return set()
    group_ids: set[int] = set()
    if user.is_authenticated and any(
        r.restriction_type == BaseViewRestriction.GROUPS for r in restrictions
    ):
        group_ids = set(user.groups.values_list("pk", flat=True))
    refused = [r.page_path for r in restrictions if not _passes(user, r, group_ids)]
    return {path for path in paths if path.startswith(tuple(refused))}


def _passes(
    user: User | AnonymousUser, restriction: PageViewRestriction, group_ids: set[int]
) -> bool:
    """Wagtail's `accept_request` for a user rather than a request. A password is
    asked by the page and kept in the session; the document's URL asks none, so a
    password-protected page makes nothing downloadable."""
    if not user.is_authenticated:
        return False
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        return user.is_superuser or any(
            group.pk in group_ids for group in restriction.groups.all()
        )
    return False


def _ancestor_paths(paths: Iterable[str]) -> set[str]:
    """Every page path from the root down to each of `paths`, themselves included."""
    step = Page.steplen
    return {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
