"""The databank's pages: the list with search and filters (no account needed), an
item, its file, favourites, sharing material and one's own submissions, the Atom feed
and the CSV of a filtered list."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from home.selectors import document_may_download
from lms.exports import csv_text
from lms.links import on_this_site

from . import selectors, services
from .forms import SearchForm, SubmissionForm
from .models import LibraryItem, Licence, MaterialLanguage

PER_PAGE = 20
CSV_LIMIT = 5000


class CountedPaginator(Paginator):
    """A paginator told how many items there are (the search counted them already)."""

    def __init__(self, object_list, per_page: int, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def _query(request: HttpRequest) -> tuple[SearchForm, selectors.Query]:
    form = SearchForm(request.GET)
    return form, form.query(request.GET)


def item_list(request: HttpRequest) -> HttpResponse:
    form, query = _query(request)
    results = selectors.search(query)
    page = CountedPaginator(results.items, PER_PAGE, results.total).get_page(
        request.GET.get("pagina")
    )
    selectors.row_labels(page.object_list)
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "library/list.html",
        {
            "form": form,
            "query": query,
            "facets": [
                (facet, _FACET_LABELS[facet.param], results.facets[facet.param])
                for facet in selectors.FACETS
            ],
            "page": page,
            "query_string": params.urlencode(),
            "favourites": selectors.favourite_keys(request.user),
        },
    )


_FACET_LABELS = {
    "type": gettext_lazy("Type"),
    "doelgroep": gettext_lazy("Target group"),
    "thema": gettext_lazy("Theme"),
    "organisatie": gettext_lazy("Organisation"),
    "taal": gettext_lazy("Language"),
}


def _item(request: HttpRequest, pk: int) -> LibraryItem:
    item = selectors.item_for(request.user, pk)
    if item is None:
        raise Http404
    return item


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if item.is_public and (translated := selectors.translation_for_reader(item)):
        return redirect("library:item", translated.pk)
    selectors.row_labels([item])
    related = selectors.related_items(item)
    selectors.row_labels(related)
    return render(
        request,
        "library/item.html",
        {
            "item": item,
            "related": related,
            "favourites": selectors.favourite_keys(request.user),
            "may_change": request.user.is_authenticated
            and services.may_change_submission(request.user, item),
        },
    )


def item_file(request: HttpRequest, pk: int) -> FileResponse:
    """The item's file, for whoever may open the item (and its document)."""
    item = _item(request, pk)
    document = item.document
    if document is None or not document_may_download(request.user, document):
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if on_this_site(request, target):
        return target
    return fallback


@login_required
@require_POST
def favourite_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Star an item or take the star away: JSON for the page's script, a redirect
    back (with a message) for a plain form."""
    item = _item(request, pk)
    if not item.is_public:
        raise Http404
    starred = services.favourite_toggle(user=request.user, item=item)
    text = (
        _("“%(title)s” is in your favourites.")
        if starred
        else _("“%(title)s” is no longer in your favourites.")
    ) % {"title": item.title}
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"starred": starred, "message": text})
    messages.success(request, text)
    return redirect(_back(request, reverse("library:item", args=[item.pk])))


@login_required
def favourites(request: HttpRequest) -> HttpResponse:
    items = list(selectors.favourites_of(request.user))
    selectors.row_labels(items)
    return render(
        request,
        "library/favourites.html",
        {"items": items, "favourites": {item.translation_key for item in items}},
    )


@login_required
def submission_create(request: HttpRequest) -> HttpResponse:
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        form.save_m2m()  # the lists, on the unsaved item: saved with it
        services.submission_create(
            user=request.user, item=item, upload=form.cleaned_data.get("file")
        )
        messages.success(
            request,
            _(
                "Thank you! An editor will look at your material soon. You will get "
                "a mail when it is published."
            ),
        )
        return redirect("library:submissions")
    return render(request, "library/submit.html", {"form": form})


@login_required
def submission_change(request: HttpRequest, pk: int) -> HttpResponse:
    item = LibraryItem.objects.filter(pk=pk, submitted_by=request.user).first()
    if item is None or not services.may_change_submission(request.user, item):
        raise Http404
    form = SubmissionForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        form.save_m2m()  # the lists, on the item: saved with it
        try:
            services.submission_update(
                user=request.user, item=changed, upload=form.cleaned_data.get("file")
            )
        except services.NotYours:
            raise Http404 from None
        messages.success(
            request, _("Thank you! Your material is waiting for an editor again.")
        )
        return redirect("library:submissions")
    return render(request, "library/submit.html", {"form": form, "item": item})


@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "library/submissions.html",
        {"items": selectors.submissions_of(request.user)},
    )


def item_csv(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (at most `CSV_LIMIT` rows), in the reader's words."""
    _form, query = _query(request)
    items = list(selectors.search(query).items[:CSV_LIMIT])
    selectors.row_labels(items)
    languages = dict(MaterialLanguage.choices)
    licences = dict(Licence.choices)
    header = [
        _("Title"),
        _("Organisation"),
        _("Type"),
        _("Target group"),
        _("Themes"),
        _("Language"),
        _("Licence"),
        _("Publication date"),
        _("Address"),
    ]
    rows = [
        [
            item.title,
            item.organisation,
            item.type_label,
            ", ".join(item.group_labels),
            ", ".join(item.theme_labels),
            languages.get(item.language, item.language),
            licences.get(item.licence, item.licence),
            item.published_on.isoformat(),
            request.build_absolute_uri(reverse("library:item", args=[item.pk])),
        ]
        for item in items
    ]
    response = HttpResponse(
        csv_text([header, *rows]), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="databank-{stamp}.csv"'
    return response


class NewItemsFeed(Feed):
    """The newest items of the databank, for a feed reader."""

    feed_type = Atom1Feed
    title = gettext_lazy("Databank digitale inclusie: new material")
    subtitle = gettext_lazy(
        "Lesson material, manuals and good practices on digital inclusion."
    )

    def link(self):
        return reverse("library:list")

    def items(self):
        return (
            selectors.items_visible()
            .select_related("type")
            .order_by("-published_on", "-pk")[:30]
        )

    def item_title(self, item: LibraryItem) -> str:
        return item.title

    def item_description(self, item: LibraryItem) -> str:
        return item.description

    def item_link(self, item: LibraryItem) -> str:
        return reverse("library:item", args=[item.pk])

    def item_author_name(self, item: LibraryItem) -> str:
        return item.organisation

    def item_pubdate(self, item: LibraryItem):
        return timezone.make_aware(datetime.combine(item.published_on, time.min))
