"""Help requests: what a person asked for, and the thread between them and the organisation.

A request arrives anonymously through the public form or is recorded by staff from a phone call,
a messenger, an email or a visit. The writer holds a follow-up code (only its slow hash is
stored) and reads replies with it. No IP address or other trace of the sender is stored here.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from accounts.models import Branch, TimestampedModel
from svoboda.encryption.fields import EncryptedCharField, EncryptedTextField
from svoboda.encryption.files import encrypted_storage
from svoboda.model_fields import ChoiceListField


class HelpRequest(TimestampedModel):
    class WriterKind(models.TextChoices):
        SELF = "self", _("About myself")
        RELATIVE = "relative", _("About a relative or friend")
        WITNESS = "witness", _("About someone I witnessed")
        ORGANISATION = "organisation", _("On behalf of an organisation")

    class Situation(models.TextChoices):
        FORCED_LABOUR = "forced_labour", _("Forced labour")
        SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
        FORCED_BEGGING = "forced_begging", _("Forced begging")
        DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
        STRANDED_WITHOUT_DOCUMENTS = "stranded", _("Stuck abroad without documents")
        OTHER = "other", pgettext_lazy("situation", "Other")

    class Danger(models.TextChoices):
        YES = "yes", _("Yes, someone is in danger right now")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("I don't know")

    class ContactChannel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", "WhatsApp"
        TELEGRAM = "telegram", "Telegram"
        SIGNAL = "signal", "Signal"
        VIBER = "viber", "Viber"
        EMAIL = "email", _("Email")
        OTHER = "other", pgettext_lazy("contact channel", "Other")

    class Channel(models.TextChoices):
        WEB_FORM = "web", _("Website form")
        PHONE = "phone", _("Phone")
        MESSENGER = "messenger", _("Messenger")
        EMAIL = "email", _("Email")
        IN_PERSON = "in_person", _("In person")

    class Urgency(models.IntegerChoices):
        # Integers so that the queue sorts by urgency in the database.
        IMMEDIATE_DANGER = 1, _("Immediate danger")
        URGENT = 2, _("Urgent")
        NORMAL = 3, _("Normal")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("request status", "New")
        IN_TRIAGE = "in_triage", _("In triage")
        ACCEPTED = "accepted", _("Accepted into a case")
        CLOSED = "closed", pgettext_lazy("request status", "Closed")

    class ClosureReason(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate")
        NOT_OUR_MANDATE = "not_our_mandate", _("Not our mandate — referred elsewhere")
        SPAM = "spam", _("Spam")
        NO_CONTACT = "no_contact", _("No contact possible")

    # An opaque id: request URLs must not be guessable or countable.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(
        _("came in by"), max_length=20, choices=Channel.choices, default=Channel.WEB_FORM
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    writer_kind = models.CharField(_("who is writing"), max_length=20, choices=WriterKind.choices)
    situations = ChoiceListField(_("situation"), item_choices=Situation.choices)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    place = EncryptedCharField(_("place"), max_length=500, blank=True)
    since_when = models.CharField(_("since when"), max_length=200, blank=True)
    people_count = models.PositiveIntegerField(_("how many people"), null=True, blank=True)
    danger = models.CharField(
        _("is anyone in immediate danger"),
        max_length=10,
        choices=Danger.choices,
        default=Danger.UNKNOWN,
    )
    no_contact = models.BooleanField(_("do not contact me"), default=False)
    contact_channel = models.CharField(
        _("how to reach the writer"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    contact_handle = EncryptedCharField(_("number or handle"), max_length=200, blank=True)
    safe_times = EncryptedCharField(_("safe times to contact"), max_length=200, blank=True)
    write_only = models.BooleanField(_("do not call, only write"), default=False)
    description = EncryptedTextField(_("what happened"), max_length=10_000)

    # Triage.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_help_requests",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_help_requests",
    )
    read_at = models.DateTimeField(_("first read at"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
    )
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = EncryptedTextField(_("note on closing"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # A one-time token from the form, so a double submission finds the request it already made.
    submission_token = models.UUIDField(_("submission token"), null=True, blank=True, unique=True)

    class Meta:
        ordering = ["urgency", "-created_at"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        permissions = [
            ("triage_helprequest", _("Can triage help requests")),
            ("record_helprequest", _("Can record help requests received by staff")),
        ]
        indexes = [
            models.Index(fields=["status", "urgency", "-created_at"], name="intake_queue_idx"),
            # The open queue, small however many requests were closed over the years: the
            # queue's visibility test (a branch, or none yet) reads it instead of every request
            # of the branch (bench/README.md).
            models.Index(
                fields=["branch", "urgency", "-created_at"],
                condition=Q(status__in=["new", "in_triage"]),
                name="intake_open_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="accepted", case__isnull=False)
                | (~Q(status="accepted") & Q(case__isnull=True)),
                name="intake_accepted_iff_case",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) & ~Q(closure_reason="")
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="intake_closed_iff_reason",
            ),
        ]

    def __str__(self):
        return _("Request %(reference)s") % {"reference": self.reference}

    def get_absolute_url(self):
        return reverse("intake:request-detail", args=[self.pk])

    @property
    def reference(self):
        """A short label staff can say aloud; the full id stays in the URL."""
        return self.pk.hex[:8].upper()

    @property
    def is_open(self):
        return self.status in (self.Status.NEW, self.Status.IN_TRIAGE)


class FollowUpCode(models.Model):
    """The slow hash of a code the writer holds. A request can have more than one: a double
    submission gives the writer a fresh code for the same request rather than a dead end."""

    request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        on_delete=models.CASCADE,
        related_name="follow_up_codes",
    )
    code_hash = models.CharField(_("code hash"), max_length=128, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up code")
        verbose_name_plural = _("follow-up codes")

    def __str__(self):
        return str(self.pk)


class Message(models.Model):
    """One message in the thread between the writer and the organisation.

    Only messages in this thread are ever shown to the writer: internal notes, statuses and case
    files live elsewhere and never reach the follow-up page.
    """

    class Direction(models.TextChoices):
        FROM_WRITER = "from_writer", _("From the writer")
        TO_WRITER = "to_writer", _("Reply to the writer")

    request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    body = EncryptedTextField(_("message"), max_length=10_000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(direction="from_writer", author__isnull=True)
                | Q(direction="to_writer", author__isnull=False),
                name="intake_reply_has_author",
            )
        ]
        indexes = [
            # The dashboard's time to first contact (reports.statistics) reads the first reply of
            # every request: from this index alone, in request order, PostgreSQL merge-joins it
            # with the requests instead of hashing every message (bench/README.md, figure 2).
            models.Index(
                fields=["request", "created_at"],
                condition=Q(direction="to_writer"),
                name="intake_reply_time_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename):
    # The stored name says nothing: the sender's file name is personal data and stays in the row.
    return f"intake/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file the writer sent with the request or a later message."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, storage=encrypted_storage)
    original_name = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
