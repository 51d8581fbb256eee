"""People and cases: who is involved, what happened to them, and the work to get them out.

Who may see a case is decided in cases/queries.py (need-to-know), in one place; every read of a
case, person or file and every change writes an audit entry, and the case timeline is read back
from those entries.
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
from cases.htcds import ExploitationType, Gender, MeansOfControl, RecruitmentMethod
from matching.digests import document_digest, phone_digest
from svoboda.encryption.fields import EncryptedCharField, EncryptedTextField
from svoboda.encryption.files import encrypted_storage
from svoboda.model_fields import ChoiceListField


class Person(TimestampedModel):
    """Someone who appears in one or more cases: a survivor, a reporter, a suspected exploiter.

    Names are kept as written, in any script; `search_text` holds every name and alias folded to
    lower case so that a search finds the person whatever the letter case and word order.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic or middle name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    gender = models.CharField(
        _("gender"), max_length=30, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    age_estimate = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    citizenship = CountryField(_("citizenship"), multiple=True, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    description = EncryptedTextField(_("description"), max_length=5000, blank=True)
    # The branch that recorded the person; a person's visibility follows their cases.
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="people"
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # Set when a coordinator merged this record into another (matching.actions.merge_people):
    # the record is kept, hidden everywhere, so that the merge can be undone.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="merged_records",
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="", family_name=""), name="cases_person_has_a_name"
            )
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:person-detail", args=[self.pk])

    @property
    def full_name(self):
        return " ".join(
            part for part in (self.given_name, self.patronymic, self.family_name) if part
        )

    @property
    def reference(self):
        return self.pk.hex[:8].upper()


class PersonAlias(models.Model):
    """Another name the person is known by: another spelling, a nickname, a maiden name."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self):
        return self.name


class Contact(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        MESSENGER = "messenger", _("Messenger")
        EMAIL = "email", _("Email")
        ADDRESS = "address", _("Address")
        OTHER = "other", pgettext_lazy("contact kind", "Other")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = EncryptedCharField(_("contact"), max_length=300)
    note = EncryptedCharField(_("note"), max_length=300, blank=True)
    is_safe = models.BooleanField(
        _("safe to use"),
        default=False,
        help_text=_("Only contacts marked safe may be used: others may be read by the exploiters."),
    )
    # The value is encrypted: a phone number is found by this HMAC of it (matching.digests).
    value_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # A plain B-tree: digests are only compared whole (db_index would add a LIKE index).
        indexes = [models.Index(fields=["value_digest"], name="cases_contact_digest")]

    def __str__(self):
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        self.value_digest = (
            phone_digest(self.value) if self.kind in (self.Kind.PHONE, self.Kind.MESSENGER) else ""
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "value_digest"}
        super().save(*args, **kwargs)


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card or internal passport")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
        VISA = "visa", _("Visa or residence permit")
        OTHER = "other", pgettext_lazy("document kind", "Other")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    number = EncryptedCharField(_("number"), max_length=100, blank=True)
    issuing_country = CountryField(_("issued by"), blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    is_withheld = models.BooleanField(
        _("held by someone else"),
        default=False,
        help_text=_("The document is taken or withheld, for example by an employer."),
    )
    # The number is encrypted: it is found by this HMAC of it (matching.digests).
    number_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        indexes = [models.Index(fields=["number_digest"], name="cases_document_digest")]

    def __str__(self):
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        self.number_digest = document_digest(self.number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "number_digest"}
        super().save(*args, **kwargs)


class Case(TimestampedModel):
    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("case status", "New")
        VERIFYING = "verifying", _("Verifying")
        RESCUE_PLANNED = "rescue_planned", _("Rescue planned")
        EXITED = "exited", _("Exited exploitation")
        ASSISTANCE = "assistance", _("Assistance")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    class Outcome(models.TextChoices):
        EXITED_AND_SUPPORTED = "exited_supported", _("Out of exploitation and supported")
        EXITED = "exited", _("Out of exploitation")
        REFERRED = "referred", _("Referred to another organisation")
        NOT_CONFIRMED = "not_confirmed", _("Exploitation not confirmed")
        DECLINED = "declined", _("The person declined help")
        LOST_CONTACT = "lost_contact", _("Contact lost")
        OTHER = "other", pgettext_lazy("case outcome", "Other")

    class Risk(models.IntegerChoices):
        # Integers so that lists sort by risk in the database; higher is worse.
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A short working title. Avoid full names: titles appear in lists."),
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    risk = models.PositiveSmallIntegerField(_("risk"), choices=Risk.choices, default=Risk.MEDIUM)
    summary = EncryptedTextField(_("summary"), max_length=10_000, blank=True)

    # The exploitation, in the HTCDS vocabulary.
    exploitation_types = ChoiceListField(
        _("type of exploitation"), item_choices=ExploitationType.choices
    )
    exploitation_country = CountryField(_("country of exploitation"), blank=True)
    exploitation_place = EncryptedCharField(_("place of exploitation"), max_length=500, blank=True)
    exploitation_started_on = models.DateField(_("exploitation began"), null=True, blank=True)
    exploitation_ended_on = models.DateField(_("exploitation ended"), null=True, blank=True)
    means_of_control = ChoiceListField(_("means of control"), item_choices=MeansOfControl.choices)
    recruitment_methods = ChoiceListField(
        _("method of recruitment"), item_choices=RecruitmentMethod.choices
    )
    recruitment_details = EncryptedTextField(_("recruitment details"), max_length=5000, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned workers"),
        through="Assignment",
        related_name="assigned_cases",
    )
    people = models.ManyToManyField(
        Person, verbose_name=_("people"), through="Participant", related_name="cases"
    )

    class Meta:
        ordering = ["-risk", "-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("coordinate_case", _("Can coordinate the cases of own branches")),
            ("work_case", _("Can work on cases assigned to them")),
        ]
        indexes = [
            # The case list's filter and order (Meta.ordering): a page is read off the index
            # instead of sorting every case of the branch with that status.
            models.Index(
                fields=["branch", "status", "-risk", "-created_at"], name="cases_branch_status_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) & ~Q(outcome="")
                | (~Q(status="closed") & Q(closed_at__isnull=True) & Q(outcome="")),
                name="cases_closed_iff_outcome",
            ),
            models.CheckConstraint(
                condition=Q(exploitation_started_on__isnull=True)
                | Q(exploitation_ended_on__isnull=True)
                | Q(exploitation_ended_on__gte=models.F("exploitation_started_on")),
                name="cases_exploitation_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("cases:case-detail", args=[self.pk])

    @property
    def reference(self):
        return self.pk.hex[:8].upper()


class Participant(models.Model):
    """A person's role in one case; the same person can have other roles in other cases."""

    class Role(models.TextChoices):
        VICTIM = "victim", _("Victim or survivor")
        REPORTER = "reporter", _("Reporter")
        RELATIVE = "relative", _("Relative")
        SUSPECTED_EXPLOITER = "suspected_exploiter", _("Suspected exploiter")
        WITNESS = "witness", _("Witness")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["role", "added_at"]
        verbose_name = _("person in a case")
        verbose_name_plural = _("people in cases")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], name="cases_participant_once_per_role"
            )
        ]

    def __str__(self):
        return self.get_role_display()


class Assignment(models.Model):
    """A worker (or volunteer) on a case. What they see follows from their role (queries.py)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="case_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="cases_assignment_once")
        ]

    def __str__(self):
        return str(self.user)


class AccessGrant(models.Model):
    """Explicit access to one case for someone outside its branch or assignments, with a reason."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="access_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="case_access_grants",
    )
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="cases_grant_once")]

    def __str__(self):
        return str(self.user)


class Task(TimestampedModel):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = [
            models.F("done_at").asc(nulls_first=True),
            models.F("due_on").asc(nulls_last=True),
            "created_at",
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_at is not None


class Note(TimestampedModel):
    """An internal note. Sensitive notes are for the case's full team only, never volunteers."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    body = EncryptedTextField(_("note"), max_length=20_000)
    is_sensitive = models.BooleanField(_("sensitive"), default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return str(self.pk)


def case_file_path(instance, filename):
    # The stored name says nothing: the original file name is personal data and stays in the row.
    return f"cases/{uuid.uuid4().hex}"


class CaseFile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=case_file_path, storage=encrypted_storage)
    original_name = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = EncryptedCharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")

    def __str__(self):
        return self.original_name
