"""The editors' page of social media posts (/workspace/social/): what went out where, what is
waiting, what failed and why; failed posts can be sent again and waiting ones cancelled. Posts
of unpublished articles are withdrawn; a withdrawal the channel refused asks an editor to remove
the message by hand (and say so), or to try it again.

Seeing it needs publishing.view_article, acting publishing.publish_article (the editor role;
403 for everyone else). The actions check the same permission again.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from broadcast import actions, channels, queries
from broadcast.forms import PostFilterForm
from broadcast.models import Post
from svoboda.errors import DomainError

PAGE_SIZE = 50


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _channel_rows(configured):
    languages = dict(settings.LANGUAGES)
    return [
        {
            "label": channel.label,
            "languages": [languages.get(code, code) for code in sorted(channel.languages)]
            if channel.languages is not None
            else None,
        }
        for channel in configured.values()
    ]


@staff_required
@require_GET
def post_list(request):
    _require(request.user, "publishing.view_article")
    form = PostFilterForm(request.GET or None)
    page = Paginator(queries.posts_for_editors(request.user, **form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    may_act = request.user.has_perm("publishing.publish_article")
    configured = channels.configured()
    rows = [
        {
            "post": post,
            "channel": configured[post.channel].label
            if post.channel in configured
            else post.channel,
            "may_retry": may_act and post.status == Post.Status.FAILED,
            "may_cancel": may_act and post.status == Post.Status.PENDING,
            "may_withdraw_again": may_act and post.status == Post.Status.WITHDRAW_FAILED,
            "may_mark_removed": may_act and post.status == Post.Status.WITHDRAW_FAILED,
            "removal_by_hand": _removal_by_hand(post),
        }
        for post in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "broadcast/post_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "channels": _channel_rows(configured),
        },
    )


def _removal_by_hand(post):
    """What an editor must do about a post its channel would not take back: None when
    nothing."""
    if post.status != Post.Status.WITHDRAW_FAILED:
        return None
    if channels.is_telegram(post.channel):
        hint = _("Could not be deleted: remove it by hand in the channel.")
    else:
        hint = _(
            "The receiver did not take the withdrawal: ask whoever runs it to remove its copy."
        )
    return {"hint": hint, "link": channels.message_link(post)}


def _act(request, pk, action, done):
    _require(request.user, "publishing.publish_article")
    post = queries.post_for_editor(request.user, pk)
    try:
        action(actor=request.user, post=post)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("broadcast:post-list")


@staff_required
@require_POST
def post_retry(request, pk):
    return _act(request, pk, actions.retry_post, _("The post is being sent again."))


@staff_required
@require_POST
def post_cancel(request, pk):
    return _act(request, pk, actions.cancel_post, _("The post is cancelled."))


@staff_required
@require_POST
def post_withdraw_again(request, pk):
    return _act(request, pk, actions.retry_withdrawal, _("The post is being withdrawn again."))


@staff_required
@require_POST
def post_mark_removed(request, pk):
    return _act(
        request, pk, actions.mark_removed_by_hand, _("The post is marked as removed by hand.")
    )
