"""What the organisation publishes: news, reviews, rescue-operation reports and press mentions.

An article is written in one language; its versions in other languages share a `group`, so the
public pages link each to the other (hreflang). It moves draft -> in review -> published, and
back to draft when unpublished (publishing.actions). "Published" with a future `publish_at` is
scheduled: the public sees an article only from that moment (publishing.queries.published).
Every save of the text keeps the previous text as a Revision.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import TimestampedModel


class Category(models.Model):
    """A public section, such as forced labour or prevention. Named in both languages."""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:category", args=[self.slug])

    @property
    def name(self):
        """The name in the active language."""
        return self.name_ru if translation.get_language() == "ru" else self.name_en

    def name_in(self, language):
        return self.name_ru if language == "ru" else self.name_en


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    # The name casefolded, so that "Дети" and "дети" are one tag on every database.
    key = models.CharField(max_length=60, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(Lower("name"), name="publishing_tag_name_ci")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = self.name.casefold()
        super().save(*args, **kwargs)


class Article(TimestampedModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        REVIEW = "review", _("Review or analysis")
        RESCUE_REPORT = "rescue_report", _("Rescue operation report")
        PRESS = "press", _("Press mention")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("article status", "Draft")
        IN_REVIEW = "in_review", pgettext_lazy("article status", "In review")
        PUBLISHED = "published", pgettext_lazy("article status", "Published")

    # The same article in another language has the same group.
    group = models.UUIDField(_("translation group"), default=uuid.uuid4, db_index=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=120, allow_unicode=True)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences for lists, feeds and link previews."),
    )
    body = models.TextField(
        _("text"),
        max_length=100_000,
        help_text=_("Markdown: **bold**, _italic_, ## headings, lists, [links](https://…)."),
    )
    # The body rendered by publishing.markdown and sanitised; what public pages show.
    body_html = models.TextField(editable=False, blank=True)
    # For press mentions: where the piece appeared.
    source_name = models.CharField(_("published by"), max_length=200, blank=True)
    source_url = models.URLField(_("link to the original"), max_length=500, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
    )

    # A rescue report tells the story of one completed operation, and only a rescue report has
    # one (a constraint below): the operation is what its anonymisation is checked against.
    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("rescue operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    # An editor's word that the report identifies nobody, given for one text: the fingerprint
    # of what they read (publishing.anonymisation.fingerprint). Any change to the text makes it
    # stale, and a stale confirmation does not let the report out.
    anonymisation_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anonymisation confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    anonymisation_confirmed_at = models.DateTimeField(
        _("anonymisation confirmed at"), null=True, blank=True
    )
    anonymisation_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish, schedule and unpublish articles"))]
        indexes = [
            models.Index(
                fields=["language", "status", "-publish_at"], name="publishing_public_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="publishing_slug_per_language"
            ),
            models.UniqueConstraint(
                fields=["group", "language"], name="publishing_one_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="publishing_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(kind="rescue_report", operation__isnull=False)
                | (~Q(kind="rescue_report") & Q(operation__isnull=True)),
                name="publishing_rescue_report_has_operation",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("news:article", args=[self.slug])

    def get_edit_url(self):
        return reverse("publishing:article-detail", args=[self.pk])

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()


class Revision(models.Model):
    """The text of an article as it was before a change. Never edited."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = models.TextField(_("text"), max_length=100_000)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["-saved_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.article_id} {self.saved_at:%Y-%m-%d %H:%M}"


class Event(TimestampedModel):
    """A round table, conference or training the organisation holds or takes part in.

    Like articles, an event is written in one language and its versions share a `group`. It is
    public once published (`is_published`); the programme, materials and, afterwards, a report
    belong to it.
    """

    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("Round table")
        CONFERENCE = "conference", _("Conference")
        TRAINING = "training", _("Training")
        OTHER = "other", pgettext_lazy("event kind", "Other")

    group = models.UUIDField(_("translation group"), default=uuid.uuid4, db_index=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=120, allow_unicode=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.CharField(
        _("venue"), max_length=200, help_text=_("The place's name, or “Online”.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    organisers = models.CharField(_("organisers"), max_length=500)
    co_organisers = models.CharField(_("co-organisers"), max_length=500, blank=True)
    participants = models.TextField(
        _("debate participants"),
        max_length=3000,
        blank=True,
        help_text=_("One per line: name and organisation."),
    )
    materials = models.TextField(
        _("materials"), max_length=20_000, blank=True, help_text=_("Markdown; links welcome.")
    )
    report = models.TextField(
        _("report afterwards"), max_length=50_000, blank=True, help_text=_("Markdown.")
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="publishing_event_slug"),
            models.UniqueConstraint(fields=["group", "language"], name="publishing_event_version"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="publishing_event_window_in_order",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("events:event", args=[self.slug])


class ProgrammeItem(models.Model):
    """One item of an event's programme: a talk, a panel, a break."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="programme"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_organisation = models.CharField(_("speaker's organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="publishing_programme_window_in_order",
                violation_error_message=_("A programme item cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title


class Subscription(TimestampedModel):
    """A reader who asked for new articles by email, in one language and some categories.

    Double opt-in: nothing is sent but the confirmation until the reader opens its link.
    Unsubscribing deletes the row: we keep no list of people who once read us.
    """

    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), related_name="subscriptions"
    )
    # Renewed by every sign-up with the address: only the newest mailed link confirms.
    confirmation_nonce = models.CharField(max_length=64, editable=False, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The secret in every mail's unsubscribe link and List-Unsubscribe header.
    unsubscribe_token = models.CharField(max_length=64, unique=True, editable=False)
    # Articles published after this go into the next digest.
    digest_sent_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("news subscription")
        verbose_name_plural = _("news subscriptions")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="publishing_subscription_email_ci"),
        ]

    def __str__(self):
        return self.email


class ArticleImage(models.Model):
    """A picture for an article's text, stored as the site serves it: re-encoded without any
    metadata (no EXIF, no GPS position, no camera serial) and resized for the web, in a large
    size and, for wide pictures, a smaller one for phones (publishing.image_processing).

    Files live in Django's default storage under articles/<key>/, where `key` is random: a
    draft's pictures cannot be found by guessing, and publishing.image_views serves them only
    to editors until the article is public and shows the picture in its text.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )
    key = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("image"), max_length=200, editable=False)
    # Absent when the picture is no wider than the small size: one file serves every screen.
    small_file = models.FileField(_("smaller copy"), max_length=200, blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    small_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_(
            "What the image shows, in a sentence, for readers who cannot see it: screen readers "
            "read it aloud, and browsers show it when the image does not load. Describe what "
            "matters for the article, in the article's language, without “Image of…”. Never "
            "describe a person in a way that could identify them."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the image for every reader."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Shown after the caption as written, e.g. “Photo: Anna Ivanova”."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        constraints = [
            # Alt text is what a blind reader gets instead of the picture: never empty.
            models.CheckConstraint(condition=~Q(alt_text=""), name="publishing_image_has_alt_text"),
        ]

    def __str__(self):
        return self.alt_text

    @property
    def url(self):
        return self._url_of(self.file)

    @property
    def small_url(self):
        return self._url_of(self.small_file) if self.small_file else ""

    @property
    def content_type(self):
        return "image/png" if self.file.name.endswith(".png") else "image/jpeg"

    @property
    def markdown(self):
        """What an editor pastes into the text to show this image."""
        return f"![](image:{self.pk})"

    @property
    def is_in_text(self):
        """Whether the article's rendered text shows this image. Reached through
        article.images the article is already loaded, so this costs no query."""
        return self.url in self.article.body_html

    def _url_of(self, field_file):
        return reverse("article_media:file", args=[self.key, field_file.name.rsplit("/", 1)[-1]])
