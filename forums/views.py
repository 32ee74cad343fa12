"""The forum pages. Every object is looked up through what the user may see (else 404);
every change is a POST with CSRF that calls a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forums import selectors, services
from forums.forms import (
    MessageForm,
    MoveForm,
    ReasonForm,
    ReplyForm,
    ReportForm,
    SearchForm,
    SuspendForm,
    ThreadForm,
)
from forums.models import Forum, Post, Thread
from forums.notifications import unsubscribe_apply, unsubscribe_read
from lms.errors import refusal_messages

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 50


def _forum(viewer: selectors.Viewer, pk: int) -> Forum:
    return get_object_or_404(
        selectors.visible_forums(viewer).select_related("module"), pk=pk
    )


def _thread(viewer: selectors.Viewer, pk: int) -> Thread:
    return get_object_or_404(selectors.threads_readable(viewer), pk=pk)


def _post(viewer: selectors.Viewer, pk: int) -> Post:
    return get_object_or_404(selectors.posts_readable(viewer), pk=pk)


@login_required
def forum_index(request: HttpRequest) -> HttpResponse:
    """Every forum the user may read: community forums first, then per course."""
    viewer = selectors.viewer_for(request.user)
    return render(
        request,
        "forums/index.html",
        {"forums": selectors.forum_index(viewer)},
    )


@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A forum's threads, pinned first and newest activity first, with search."""
    viewer = selectors.viewer_for(request.user)
    forum = _forum(viewer, pk)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    threads = selectors.threads_of(forum, viewer, search=query)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "forums/forum.html",
        {
            "forum": forum,
            "page": page,
            "search": search,
            "query": query,
            "query_string": urlencode({"q": query}) if query else "",
            "following": selectors.following(viewer, None, forum),
            "viewer": viewer,
        },
    )


@login_required
def thread_create(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = selectors.viewer_for(request.user)
    forum = _forum(viewer, pk)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                viewer=viewer,
                forum=forum,
                title=data["title"],
                kind=data["kind"],
                source=data["body"],
                image=data["image"],
                image_alt=data["image_alt"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, refusal_messages(error))  # the input stays
        else:
            messages.success(request, _("Your message is online."))
            return redirect("forums:forum_thread", pk=thread.pk)
    return render(request, "forums/thread_form.html", {"forum": forum, "form": form})


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A thread, 50 posts a page; posts new since the last visit are marked."""
    viewer = selectors.viewer_for(request.user)
    thread = _thread(viewer, pk)
    read_at = selectors.thread_read_at(viewer, thread)
    page = Paginator(selectors.thread_posts(thread), POSTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    services.thread_read_record(user=request.user, thread=thread)
    return _thread_page(request, viewer, thread, page, read_at, ReplyForm())


def _thread_page(request, viewer, thread, page, read_at, form, status=200):
    quote = None
    if form.is_bound:
        quote_pk = form.data.get("reply_to")
    else:
        quote_pk = request.GET.get("citeer")
        form.initial["reply_to"] = quote_pk
    if quote_pk and str(quote_pk).isdigit():
        quote = thread.posts.filter(pk=quote_pk).select_related("author").first()
    return render(
        request,
        "forums/thread.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "page": page,
            "read_at": read_at,
            "form": form,
            "quote": quote,
            "viewer": viewer,
            "following": selectors.following(viewer, thread, thread.forum),
            "editable": {
                post.pk
                for post in page.object_list
                if services.post_editable(post, request.user)
            },
            "suspension": selectors.active_suspension(request.user),
        },
        status=status,
    )


@login_required
@require_POST
def thread_reply(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = selectors.viewer_for(request.user)
    thread = _thread(viewer, pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        reply_to = None
        if data.get("reply_to"):
            reply_to = thread.posts.filter(pk=data["reply_to"]).first()
        try:
            post = services.post_reply(
                viewer=viewer,
                thread=thread,
                source=data["body"],
                reply_to=reply_to,
                image=data["image"],
                image_alt=data["image_alt"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, refusal_messages(error))  # the input stays
        else:
            messages.success(request, _("Your reply is online."))
            return redirect("forums:forum_post", pk=post.pk)
    paginator = Paginator(selectors.thread_posts(thread), POSTS_PER_PAGE)
    page = paginator.page(paginator.num_pages)
    return _thread_page(request, viewer, thread, page, None, form, status=400)


@login_required
def post_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """The page of its thread a post is on, scrolled to it (links in mails)."""
    viewer = selectors.viewer_for(request.user)
    post = _post(viewer, pk)
    before = post.thread.posts.filter(created_at__lt=post.created_at).count()
    page = before // POSTS_PER_PAGE + 1
    url = reverse("forums:forum_thread", args=[post.thread_id])
    if page > 1:
        url += f"?pagina={page}"
    return redirect(f"{url}#post-{post.pk}")


@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = selectors.viewer_for(request.user)
    post = _post(viewer, pk)
    if post.author_id != request.user.pk:
        raise Http404
    editable = services.post_editable(post, request.user)
    form = MessageForm(
        request.POST if editable else None, initial={"body": post.source}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                viewer=viewer, post=post, source=form.cleaned_data["body"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, refusal_messages(error))  # the input stays
        else:
            messages.success(request, _("Your message was changed."))
            return redirect("forums:forum_post", pk=post.pk)
    return render(
        request,
        "forums/post_edit.html",
        {"post": post, "thread": post.thread, "form": form, "editable": editable},
        status=200 if editable or request.method == "GET" else 403,
    )


@login_required
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = selectors.viewer_for(request.user)
    post = _post(viewer, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_report(
            viewer=viewer,
            post=post,
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(
            request, _("Thank you. A moderator will look at this message.")
        )
        return redirect("forums:forum_post", pk=post.pk)
    return render(
        request,
        "forums/post_report.html",
        {"post": post, "thread": post.thread, "form": form},
    )


@login_required
@require_POST
def thread_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a reply as the answer (or, with no post, take the mark away)."""
    viewer = selectors.viewer_for(request.user)
    thread = _thread(viewer, pk)
    post_pk = request.POST.get("post", "")
    post = thread.posts.filter(pk=post_pk).first() if post_pk.isdigit() else None
    if post_pk and post is None:
        raise Http404
    try:
        services.thread_mark_answered(viewer=viewer, thread=thread, post=post)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(refusal_messages(error)))
        return redirect("forums:forum_thread", pk=thread.pk)
    if post is None:
        messages.success(request, _("The question is no longer marked as answered."))
        return redirect("forums:forum_thread", pk=thread.pk)
    messages.success(request, _("The question is marked as answered."))
    return redirect("forums:forum_post", pk=post.pk)


def _follow(request: HttpRequest, url: str, said: tuple[str, str], **target):
    """Follow (POST follow=1) or stop following `target`; `said` is what to tell the
    user after stopping and after starting."""
    follow = request.POST.get("follow") == "1"
    services.subscription_set(user=request.user, follow=follow, **target)
    messages.success(request, said[follow])
    return redirect(url)


@login_required
@require_POST
def thread_follow(request: HttpRequest, pk: int) -> HttpResponse:
    thread = _thread(selectors.viewer_for(request.user), pk)
    said = (_("You no longer follow this thread."), _("You follow this thread."))
    url = reverse("forums:forum_thread", args=[thread.pk])
    return _follow(request, url, said, thread=thread)


@login_required
@require_POST
def forum_follow(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(selectors.viewer_for(request.user), pk)
    said = (_("You no longer follow this forum."), _("You follow this forum."))
    url = reverse("forums:forum_detail", args=[forum.pk])
    return _follow(request, url, said, forum=forum)


@login_required
def post_image(request: HttpRequest, pk: int) -> FileResponse:
    """A post's image, after the same access check as the post (private storage)."""
    viewer = selectors.viewer_for(request.user)
    post = _post(viewer, pk)
    if not post.image or (post.is_hidden and not viewer.is_moderator):
        raise Http404
    content_type = "image/png" if post.image.name.endswith(".png") else "image/jpeg"
    response = FileResponse(post.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide or restore a post, or suspend its author (trainers and moderators)."""
    viewer = selectors.viewer_for(request.user)
    post = _post(viewer, pk)
    if not viewer.is_moderator:
        raise Http404
    action = request.POST.get("action")
    hide_form = ReasonForm(request.POST if action == "hide" else None, prefix="hide")
    suspend_form = SuspendForm(
        request.POST if action == "suspend" else None, prefix="suspend"
    )
    try:
        if action == "hide" and hide_form.is_valid():
            services.post_hide(
                viewer=viewer,
                post=post,
                reason=hide_form.cleaned_data["reason"],
                hidden=not post.is_hidden,
            )
            messages.success(
                request,
                _("The message is shown again.")
                if post.is_hidden
                else _("The message is hidden."),
            )
            return redirect("forums:forum_post", pk=post.pk)
        if action == "suspend" and suspend_form.is_valid():
            services.user_suspend(
                viewer=viewer,
                user=post.author,
                days=suspend_form.cleaned_data["days"],
                reason=suspend_form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("%(name)s cannot post for now.") % {"name": post.author},
            )
            return redirect("forums:forum_post", pk=post.pk)
    except ValidationError as error:
        (hide_form if action == "hide" else suspend_form).add_error(None, error)
    return render(
        request,
        "forums/post_moderate.html",
        {
            "post": post,
            "thread": post.thread,
            "hide_form": hide_form,
            "suspend_form": suspend_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock, pin or move a thread (trainers and moderators)."""
    viewer = selectors.viewer_for(request.user)
    thread = _thread(viewer, pk)
    if not viewer.is_moderator:
        raise Http404
    action = request.POST.get("action")
    flag_form = ReasonForm(
        request.POST if action in ("locked", "pinned") else None, prefix="flag"
    )
    forums = selectors.visible_forums(viewer).exclude(pk=thread.forum_id)
    move_form = MoveForm(
        request.POST if action == "move" else None, prefix="move", forums=forums
    )
    try:
        if action in ("locked", "pinned") and flag_form.is_valid():
            services.thread_flag_set(
                viewer=viewer,
                thread=thread,
                flag=action,
                on=not getattr(thread, f"is_{action}"),
                reason=flag_form.cleaned_data["reason"],
            )
            messages.success(request, _("The thread was changed."))
            return redirect("forums:forum_thread", pk=thread.pk)
        if action == "move" and move_form.is_valid():
            services.thread_move(
                viewer=viewer,
                thread=thread,
                forum=move_form.cleaned_data["forum"],
                reason=move_form.cleaned_data["reason"],
            )
            messages.success(request, _("The thread was moved."))
            return redirect("forums:forum_thread", pk=thread.pk)
    except ValidationError as error:
        (move_form if action == "move" else flag_form).add_error(None, error)
    return render(
        request,
        "forums/thread_moderate.html",
        {"thread": thread, "flag_form": flag_form, "move_form": move_form},
        status=400 if request.method == "POST" else 200,
    )


# The signed token is the credential: mail programs post to this address without a
# session or CSRF cookie (RFC 8058 one-click unsubscribe), and a forged request cannot
# carry a valid token.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the mails a link was sent for; works without logging in.

    GET only shows a button, so a mail scanner that opens links unsubscribes nobody.
    """
    payload = unsubscribe_read(token)
    if payload is None:
        raise Http404
    done = request.method == "POST"
    if done:
        unsubscribe_apply(payload)
    return render(
        request,
        "forums/unsubscribe.html",
        {"scope": payload["s"], "done": done},
    )
