"""The name index, the duplicate review list and merges.

The index is an inverted index over the words of people's names. Every distinct word (a *form*,
folded to lower case) is stored once in NameForm with its keys (matching.names); PersonName links
a person to the forms of their names and aliases. A search looks the query's words up by key,
which touches a few hundred forms at most, then the people who have them: the index grows with
the number of distinct names, not with the number of people times the number of keys.

Forms nobody uses any more are deleted (matching.index.forget_unused_forms), so that a person
erased on request leaves no trace of their name here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NameForm(models.Model):
    form = models.CharField(_("word"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")

    def __str__(self):
        return self.form


class NameKey(models.Model):
    # Lookups by form use the unique constraint below, which begins with it: no index of its own.
    form = models.ForeignKey(
        NameForm, on_delete=models.CASCADE, related_name="keys", db_index=False
    )
    key = models.CharField(max_length=160)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="matching_namekey_once"),
        ]
        # A plain B-tree: keys are only ever compared whole (db_index would add a LIKE index).
        indexes = [models.Index(fields=["key"], name="matching_namekey_key")]

    def __str__(self):
        return self.key


class PersonName(models.Model):
    """One word of one of a person's names (the recorded name or an alias)."""

    class Part(models.TextChoices):
        GIVEN = "given", _("given name")
        PATRONYMIC = "patronymic", _("patronymic or middle name")
        FAMILY = "family", _("family name")
        ALIAS = "alias", _("other name")

    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="name_words")
    # PROTECT: a form is deleted only when no person uses it (matching.index); a person recorded
    # at that moment makes the deletion fail rather than lose their word.
    form = models.ForeignKey(
        NameForm, on_delete=models.PROTECT, related_name="people", db_index=False
    )
    part = models.CharField(max_length=20, choices=Part.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "person", "part"], name="matching_personname_once"
            ),
        ]
        # The search counts matched words with an index-only scan of this constraint, which
        # begins with the form; the person's foreign key has its own index.

    def __str__(self):
        return f"{self.part}: {self.form_id}"


class DuplicatePair(models.Model):
    """Two records that may be one person, waiting for a coordinator's decision."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        DISMISSED = "dismissed", _("not the same person")
        MERGED = "merged", _("merged")

    # first.pk < second.pk as strings, so that a pair is stored once whichever way it was found.
    first = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        default_permissions = ()
        permissions = [
            ("merge_people", _("Can review possible duplicates and merge records")),
            ("import_people", _("Can import people from a spreadsheet")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="matching_pair_once"),
            models.CheckConstraint(
                condition=~Q(first=models.F("second")), name="matching_pair_two"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id} ({self.score})"


class PersonMerge(models.Model):
    """One record merged into another, with what was moved, so that the merge can be undone.

    The merged record is not deleted: it is marked `merged_into` and hidden from every list and
    search, and everything that pointed at it points at the kept record. `moved` lists those
    rows by model and primary key; undoing puts them back.
    """

    kept = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of records")

    def __str__(self):
        return f"{self.merged_id} -> {self.kept_id}"
