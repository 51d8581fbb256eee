"""Every change to articles: writing, the editorial workflow and publication, each audited.

draft -> in review -> published (now, or scheduled for a later time) -> draft again when
unpublished. Editors may send back to draft from review. Every change of the text keeps the
text as it was in a Revision, so nothing an editor wrote is lost.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

import audit
from accounts.models import User
from accounts.permissions import require
from publishing import markdown, rescue_reports, signals
from publishing.models import Article, Revision, Tag
from publishing.slugs import unique_slug
from svoboda.errors import DomainError

Status = Article.Status

ARTICLE_FIELDS = [
    "kind",
    "category",
    "title",
    "slug",
    "summary",
    "body",
    "source_name",
    "source_url",
    "tags",
]
TEXT_FIELDS = ("title", "summary", "body")
# What a rescue report's confirmed anonymisation covers besides its pictures
# (publishing.anonymisation.fingerprint).
PUBLIC_WORDS = (*TEXT_FIELDS, "slug", "category", "tags")


# Words the news pages use for themselves (/news/search/, /news/category/...).
RESERVED_SLUGS = {"search", "category", "archive", "feeds"}


def _unique_slug(language, wanted, exclude_pk=None):
    return unique_slug(
        Article,
        language,
        wanted,
        exclude_pk=exclude_pk,
        fallback="article",
        reserved=RESERVED_SLUGS,
    )


def _check_translation(article, translation_of):
    if translation_of is None:
        if article.kind == Article.Kind.RESCUE_REPORT:
            raise DomainError(_("A rescue report is started from a completed operation."))
        return
    if translation_of.language == article.language:
        raise DomainError(_("A translation must be in another language."))
    if Article.objects.filter(group=translation_of.group, language=article.language).exists():
        raise DomainError(_("This article already has a version in that language."))
    article.group = translation_of.group
    # A version of a rescue report is a rescue report on the same operation, checked and
    # confirmed on its own: a translation can slip in what the original left out.
    if translation_of.kind == Article.Kind.RESCUE_REPORT:
        article.kind = Article.Kind.RESCUE_REPORT
        article.operation = translation_of.operation
    elif article.kind == Article.Kind.RESCUE_REPORT:
        raise DomainError(_("A rescue report is started from a completed operation."))


def render_and_save(article):
    article.body_html = markdown.render_article(article)
    article.full_clean(exclude=["body_html"])
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as error:
        raise DomainError(_("Another article already uses this address. Choose another.")) from (
            error
        )


def tags_named(names):
    """Tags by name, created as needed; names compare without letter case."""
    tags = []
    for name in dict.fromkeys(" ".join(name.split()) for name in names if name.strip()):
        # By a casefolded key: SQLite's own case-insensitive comparison knows only ASCII.
        tag = Tag.objects.filter(key=name.casefold()).first()
        if tag is None:
            tag = Tag(name=name, key=name.casefold(), slug=_tag_slug(name))
            tag.full_clean(exclude=["key"])
            tag.save()
        tags.append(tag)
    return tags


def _tag_slug(name):
    base = slugify(name, allow_unicode=True) or "tag"
    slug, number = base, 1
    while Tag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_article(
    *, actor: User, language: str, title: str, translation_of: Article | None = None, **fields
) -> Article:
    """An editor starts an article (a draft), possibly as another language's version of one."""
    require(actor, "publishing.add_article")
    unexpected = set(fields) - set(ARTICLE_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected article fields {sorted(unexpected)}")
    tags = fields.pop("tags", [])
    article = Article(language=language, title=title.strip(), author=actor, **fields)
    article.slug = _unique_slug(language, fields.get("slug") or title)
    _check_translation(article, translation_of)
    render_and_save(article)
    article.tags.set(tags)
    audit.record(
        actor=actor,
        verb="publishing.article_created",
        target=article,
        changes={"language": language, "kind": article.kind},
    )
    return article


@transaction.atomic
def update_article(*, actor: User, article: Article, **fields) -> Article:
    """An editor changes an article. The text as it was is kept as a revision."""
    require(actor, "publishing.change_article")
    unexpected = set(fields) - set(ARTICLE_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected article fields {sorted(unexpected)}")
    article = Article.objects.select_for_update().get(pk=article.pk)
    tags = fields.pop("tags", None)
    before = {name: getattr(article, name) for name in fields}
    previous = {name: getattr(article, name) for name in TEXT_FIELDS}
    for name, value in fields.items():
        setattr(article, name, value)
    if "slug" in fields and fields["slug"] != before.get("slug"):
        if article.is_public:
            raise DomainError(
                _("A published article keeps its address: links to it are already out there.")
            )
        article.slug = _unique_slug(article.language, fields["slug"] or article.title, article.pk)
    changed = [name for name in fields if getattr(article, name) != before[name]]
    tags_changed = tags is not None and {tag.pk for tag in tags} != set(
        article.tags.values_list("pk", flat=True)
    )
    _check_rescue_report_change(article, changed + (["tags"] if tags_changed else []))
    if not changed and not tags_changed:
        return article
    if any(name in TEXT_FIELDS for name in changed):
        Revision.objects.create(article=article, saved_by=actor, **previous)
    render_and_save(article)
    if tags_changed:
        article.tags.set(tags)
        changed.append("tags")
    audit.record(
        actor=actor,
        verb="publishing.article_updated",
        target=article,
        changes={"fields": sorted(changed)},
    )
    return article


def _send_after_commit(signal, article, actor):
    transaction.on_commit(lambda: signal.send(sender=Article, article=article, actor=actor))


def _check_rescue_report_change(article, changed):
    if "kind" in changed:
        if article.operation_id:
            raise DomainError(_("A rescue report stays a rescue report."))
        if article.kind == Article.Kind.RESCUE_REPORT:
            raise DomainError(_("A rescue report is started from a completed operation."))
    if (
        article.operation_id
        and article.status == Status.PUBLISHED
        and any(name in PUBLIC_WORDS for name in changed)
    ):
        # Its text went out after an editor confirmed it identifies no one; a change would go
        # out unchecked. The address, the section and the tags are on the public page too,
        # and a scheduled report goes out as it is when its time comes, unchecked again.
        raise DomainError(
            _(
                "The text of a published rescue report cannot change: unpublish it, change it, "
                "and confirm its anonymisation again."
            )
        )


def _move(article, allowed_from, to):
    """The article locked, with its status set to `to`; refused unless it is in allowed_from."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status not in allowed_from:
        raise DomainError(
            _("The article is “%(status)s”: it cannot be moved that way.")
            % {"status": article.get_status_display()}
        )
    old = article.status
    article.status = to
    return article, old


@transaction.atomic
def submit_for_review(*, actor: User, article: Article) -> Article:
    require(actor, "publishing.change_article")
    article, old = _move(article, [Status.DRAFT], Status.IN_REVIEW)
    article.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        verb="publishing.article_submitted",
        target=article,
        changes={"status": [old, article.status]},
    )
    return article


@transaction.atomic
def return_to_draft(*, actor: User, article: Article) -> Article:
    """A reviewer sends an article back to its author's drafts."""
    require(actor, "publishing.change_article")
    article, old = _move(article, [Status.IN_REVIEW], Status.DRAFT)
    article.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        verb="publishing.article_returned",
        target=article,
        changes={"status": [old, article.status]},
    )
    return article


@transaction.atomic
def publish_article(
    *, actor: User, article: Article, publish_at: datetime.datetime | None = None
) -> Article:
    """An editor publishes an article now, or schedules it: the public sees it from
    `publish_at`. A time in the past counts as now. A scheduled article can be given another
    time (or published now) in the same step, without unpublishing it first."""
    require(actor, "publishing.publish_article")
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if locked.status == Status.PUBLISHED and locked.is_scheduled:
        return _reschedule(actor, locked, publish_at)
    article, old = _move(article, [Status.DRAFT, Status.IN_REVIEW], Status.PUBLISHED)
    if article.kind == Article.Kind.RESCUE_REPORT:
        refusal = rescue_reports.refusal_to_publish(article)
        if refusal:
            raise DomainError(refusal)
    now = timezone.now()
    article.publish_at = max(publish_at, now) if publish_at else now
    article.save(update_fields=["status", "publish_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="publishing.article_published",
        target=article,
        changes={
            "status": [old, article.status],
            "publish_at": article.publish_at.isoformat(),
        },
    )
    _send_after_commit(signals.article_published, article, actor)
    return article


def _reschedule(actor, article, publish_at):
    if article.kind == Article.Kind.RESCUE_REPORT:
        refusal = rescue_reports.refusal_to_publish(article)
        if refusal:
            raise DomainError(refusal)
    before = article.publish_at
    now = timezone.now()
    article.publish_at = max(publish_at, now) if publish_at else now
    article.save(update_fields=["publish_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="publishing.article_rescheduled",
        target=article,
        changes={"publish_at": [before.isoformat(), article.publish_at.isoformat()]},
    )
    _send_after_commit(signals.article_published, article, actor)
    return article


@transaction.atomic
def unpublish_article(*, actor: User, article: Article) -> Article:
    """An editor takes an article off the public site (or cancels its schedule): a draft again."""
    require(actor, "publishing.publish_article")
    article, old = _move(article, [Status.PUBLISHED], Status.DRAFT)
    article.publish_at = None
    article.save(update_fields=["status", "publish_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="publishing.article_unpublished",
        target=article,
        changes={"status": [old, article.status]},
    )
    _send_after_commit(signals.article_unpublished, article, actor)
    return article
