"""Reads of article images: the editors' look-up, and which file may be served to whom."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from publishing.models import ArticleImage


def image_for_editor(article, pk):
    """One image of the article (already checked to be the editor's to see), or 404."""
    return get_object_or_404(article.images.select_related("article"), pk=pk)


def servable_file(user, key, name):
    """(image, file, is_public) for /media/articles/<key>/<name>, or 404.

    The public gets the files of an image that a public article shows in its text; editors
    (publishing.view_article) get every image, drafts included. An image uploaded but not (or
    no longer) in the text stays private: an editor may have decided against showing it.
    """
    image = (
        ArticleImage.objects.select_related("article")
        .only(
            "key",
            "file",
            "small_file",
            "article__kind",
            "article__status",
            "article__publish_at",
            "article__body_html",
        )
        .filter(key=key)
        .first()
    )
    if image is None:
        raise Http404
    wanted = f"articles/{key}/{name}"
    field_file = next((f for f in (image.file, image.small_file) if f and f.name == wanted), None)
    if field_file is None:
        raise Http404
    is_public = image.article.is_public and image.is_in_text
    if not is_public and not user.has_perm("publishing.view_article"):
        raise Http404
    return image, field_file, is_public
