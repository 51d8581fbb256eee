"""Pictures in articles: adding, describing and deleting them, each audited.

Every change re-renders the article's HTML: the text shows an image through its placeholder
(`![](image:12)`), and what the figure says (alt text, caption, credit) is baked into body_html.

Storage is not part of the database transaction, so the order matters. Adding writes the files
first and commits inside stored_files_removed_on_error(): if anything fails up to and including
the commit, the files are deleted again and no file is left without its row. Deleting removes
the row first and the files only once that is committed: a rolled-back deletion keeps them.
"""

import logging
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from accounts.models import User
from accounts.permissions import require
from publishing import image_processing, markdown
from publishing.models import Article, ArticleImage
from svoboda.errors import DomainError
from svoboda.uploads import stored_files_removed_on_error

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("alt_text", "caption", "credit")


def _clean_texts(alt_text, caption, credit):
    alt_text = " ".join((alt_text or "").split())
    if not alt_text:
        raise DomainError(
            _("Describe the image in its alternative text: readers who cannot see it rely on it.")
        )
    return {
        "alt_text": alt_text,
        "caption": (caption or "").strip(),
        "credit": (credit or "").strip(),
    }


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _refuse_on_published_rescue_report(article):
    # A rescue report went out after an editor confirmed that it identifies no one; a new
    # picture (or a new description of one) would go out unchecked.
    if article.kind == Article.Kind.RESCUE_REPORT and article.status == Article.Status.PUBLISHED:
        raise DomainError(
            _("The images of a published rescue report cannot change: unpublish it first.")
        )


def _rerender(article):
    article.body_html = markdown.render_article(article)
    article.save(update_fields=["body_html"])


def add_article_image(
    *, actor: User, article: Article, upload, alt_text: str, caption: str = "", credit: str = ""
) -> ArticleImage:
    """An editor adds a picture to an article: checked by its content, stored without its
    metadata, resized for the web. It appears where the text shows it (ArticleImage.markdown)."""
    require(actor, "publishing.change_article")
    texts = _clean_texts(alt_text, caption, credit)
    _refuse_on_published_rescue_report(article)
    # The slow part, outside the transaction: no row stays locked while Pillow works.
    prepared = image_processing.prepare(upload)
    key = secrets.token_urlsafe(18)
    image = ArticleImage(
        article=article,
        key=key,
        width=prepared.large.width,
        height=prepared.large.height,
        uploaded_by=actor,
        **texts,
    )
    image.full_clean(exclude=["article", "file", "small_file", "uploaded_by"])
    with stored_files_removed_on_error() as stored:
        large = prepared.large
        image.file.save(
            f"articles/{key}/{large.width}.{large.extension}", ContentFile(large.data), save=False
        )
        stored.append(image.file)
        if prepared.small is not None:
            small = prepared.small
            image.small_file.save(
                f"articles/{key}/{small.width}.{small.extension}",
                ContentFile(small.data),
                save=False,
            )
            stored.append(image.small_file)
            image.small_width = small.width
        with transaction.atomic():
            article = _locked(article)
            _refuse_on_published_rescue_report(article)
            image.article = article
            image.save()
            _rerender(article)
            audit.record(
                actor=actor,
                verb="publishing.image_added",
                target=article,
                changes={
                    "image": image.pk,
                    "width": image.width,
                    "height": image.height,
                    "format": large.extension,
                },
            )
    return image


@transaction.atomic
def update_article_image(
    *, actor: User, image: ArticleImage, alt_text: str, caption: str = "", credit: str = ""
) -> ArticleImage:
    """An editor rewrites an image's alternative text, caption or credit; the text shows the
    new words at once."""
    require(actor, "publishing.change_article")
    texts = _clean_texts(alt_text, caption, credit)
    article = _locked(image.article)
    _refuse_on_published_rescue_report(article)
    image = ArticleImage.objects.select_for_update().get(pk=image.pk)
    changed = [name for name, value in texts.items() if getattr(image, name) != value]
    if not changed:
        return image
    for name, value in texts.items():
        setattr(image, name, value)
    image.full_clean(exclude=["article", "file", "small_file", "uploaded_by"])
    image.save(update_fields=changed)
    image.article = article
    _rerender(article)
    # Descriptions may name what a photo shows: the trail keeps which fields changed, not words.
    audit.record(
        actor=actor,
        verb="publishing.image_changed",
        target=article,
        changes={"image": image.pk, "fields": changed},
    )
    return image


@transaction.atomic
def delete_article_image(*, actor: User, image: ArticleImage) -> Article:
    """An editor deletes a picture: it leaves the text and its files leave the storage. Always
    allowed, even on a published rescue report: taking something down is never refused."""
    require(actor, "publishing.change_article")
    article = _locked(image.article)
    image_pk = image.pk
    files = [image.file] + ([image.small_file] if image.small_file else [])
    names = [(field_file.storage, field_file.name) for field_file in files]
    image.delete()
    _rerender(article)
    audit.record(
        actor=actor, verb="publishing.image_deleted", target=article, changes={"image": image_pk}
    )
    transaction.on_commit(lambda: _delete_files(image_pk, names))
    return article


def _delete_files(image_pk, names):
    for storage, name in names:
        try:
            storage.delete(name)
        except OSError:
            # The row is gone already; an operator can remove the file by its name.
            logger.warning("file %s of deleted article image %s not removed", name, image_pk)
