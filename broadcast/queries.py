"""Reads of the social media outbox, for editors."""

from django.http import Http404

from broadcast.models import Post


def posts_for_editors(user, *, status=""):
    """Every post, newest first; none for users without publishing.view_article."""
    if not user.has_perm("publishing.view_article"):
        return Post.objects.none()
    posts = Post.objects.select_related("article")
    if status:
        posts = posts.filter(status=status)
    return posts.order_by("-created_at", "-pk")


def post_for_editor(user, pk):
    post = posts_for_editors(user).filter(pk=pk).first()
    if post is None:
        raise Http404
    return post
