"""Anonymous statistical records: victims known from partners' data, never person records.

An import (ImportBatch) loads one HTCDS or CTDC file into a branch; each of its rows becomes a
StatisticalRecord holding only the fields statistics need, coded as Svoboda codes them:

- gender: an HTCDS prs_Gender code (CTDC's Female/Male become Feminine/Masculine);
- age_group: an age band (AGE_GROUPS: CTDC's bands, or only adult/minor where a file says no
  more);
- citizenship and exploitation_place: an ISO 3166-1 alpha-2 country code, or a UN region
  ("UN:Europe") where the file gives only the region;
- exploitation_types: HTCDS vic_TypeOfExploitation codes;
- the registration period: one year, or a band of years ("2005-2013") where the file bands them.

An empty value means unknown (for gender, HTCDS's own NonSpecifiedUnknown): statistics count
it as "unknown", never drop it. Nothing in a
record can identify anyone; the file's own line number is kept only so that a re-import of the
same file can be recognised and so that errors can be reported by line.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Branch
from cases.htcds import ExploitationType, Gender
from svoboda.model_fields import ChoiceListField

# Age at registration. CTDC's bands, then the coarse adult/minor split of files that give no
# more. Statistics order them as listed here.
AGE_GROUPS = [
    ("0-8", _("0–8")),
    ("9-17", _("9–17")),
    ("18-20", _("18–20")),
    ("21-23", _("21–23")),
    ("24-26", _("24–26")),
    ("27-29", _("27–29")),
    ("30-38", _("30–38")),
    ("39-47", _("39–47")),
    ("48+", _("48 and older")),
    ("minor", _("Minor (age not known)")),
    ("adult", _("Adult (age not known)")),
]


def _bands_in_years():
    bands = []
    for code, _label in AGE_GROUPS:
        if code.endswith("+"):
            bands.append((int(code[:-1]), None, code))
        elif "-" in code:
            low, high = code.split("-")
            bands.append((int(low), int(high), code))
    return bands


# (lowest, highest or None, code) of the AGE_GROUPS given in years ("18-20", "48+"); "minor"
# and "adult" are only for imported files that give no more.
AGE_BANDS = _bands_in_years()


class ImportBatch(models.Model):
    """One file loaded into one branch. The same file (by content) loads into a branch once."""

    class Layout(models.TextChoices):
        HTCDS = "htcds", _("HTCDS CSV")
        CTDC_GLOBAL_2020 = "ctdc_global_2020", _("CTDC Global Dataset (k-anonymised, 2020)")
        CTDC_VP_2022 = "ctdc_vp_2022", _("CTDC victim–perpetrator synthetic data (2022)")
        # Not a file: the organisation's own victims, kept as anonymous records when their
        # person records were erased (on request, or by retention of closed cases); one
        # batch per branch (reports.anonymised).
        ANONYMISED = "anonymised", _("Own victims, anonymised when their records were erased")

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="imports"
    )
    layout = models.CharField(_("layout"), max_length=30, choices=Layout.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("file fingerprint"), max_length=64)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_stored = models.PositiveIntegerField(_("rows stored"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("data import")
        verbose_name_plural = _("data imports")
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "sha256"], name="reports_file_once_per_branch"
            )
        ]

    def __str__(self):
        return self.file_name


class StatisticalRecord(models.Model):
    """One victim as a partner's data describes them, anonymous. See the module docstring."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="records"
    )
    # The batch's branch, repeated so that every figure filters by branch without a join.
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    line = models.PositiveIntegerField(_("line in the file"))
    # The registration period: year_from == year_to for one year; both empty when unknown.
    year_from = models.PositiveSmallIntegerField(_("registered from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("registered until year"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=30, choices=Gender.choices, default=Gender.UNKNOWN
    )
    age_group = models.CharField(_("age group"), max_length=10, choices=AGE_GROUPS, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=20, blank=True)
    exploitation_place = models.CharField(_("country of exploitation"), max_length=20, blank=True)
    exploitation_types = ChoiceListField(
        _("type of exploitation"), item_choices=ExploitationType.choices
    )

    class Meta:
        verbose_name = _("statistical record")
        verbose_name_plural = _("statistical records")
        permissions = [
            ("view_reports", _("Can see the impact dashboards of their branches")),
            ("export_htcds", _("Can export k-anonymised HTCDS data of their branches")),
            (
                "export_htcds_trusted",
                _("Can export HTCDS data without k-anonymity, for a trusted partner"),
            ),
            ("import_htcds", _("Can import HTCDS and CTDC files as statistical records")),
            # Declared here, not on cases.Person: erasure ends in anonymous statistical records
            # (cases.erasure), and a permission is only a row for the role to hold.
            (
                "erase_person",
                _("Can erase a person's data on request, keeping them in anonymous statistics"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="reports_record_once_per_line"),
            models.CheckConstraint(
                condition=Q(year_from__isnull=True, year_to__isnull=True)
                | Q(year_from__isnull=False, year_to__gte=models.F("year_from")),
                name="reports_period_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "year_from"], name="reports_record_branch_year"),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.line}"


class ReportExport(models.Model):
    """A file of figures asked for in the workspace and made by a background job: the impact
    report for donors (PDF) or the dashboard's tables (XLSX).

    The job (reports.export_jobs) counts with statistics.compute() for the period and, when
    asked, the same dates a year earlier, keeps those counts in `figures` (aggregates only:
    no person and no record is ever in them), writes the file to Django's default storage
    (app servers keep nothing of their own) and reports its progress here as it goes. Only the
    person who asked, or an administrator, may download it; it is deleted once `expires_at`
    has passed (`svoboda purge_report_exports`).
    """

    class Kind(models.TextChoices):
        PDF = "pdf", _("Impact report for donors (PDF)")
        XLSX = "xlsx", _("Dashboard tables (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The scope is fixed when the export is asked for: the branches then visible to the person,
    # or the whole organisation (which also counts help requests not routed to any branch).
    whole_organisation = models.BooleanField(_("whole organisation"), default=False)
    branches = models.ManyToManyField(
        Branch, verbose_name=_("branches"), related_name="+", blank=True
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"))
    # The comparison: the same dates a year earlier, or none.
    compare_from = models.DateField(_("compared from"), null=True, blank=True)
    compare_to = models.DateField(_("compared until"), null=True, blank=True)
    # The language of the file: the workspace language of the person who asked.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Shown to the person who asked; never holds data about anyone.
    error = models.CharField(_("error"), max_length=300, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    file = models.FileField(_("file"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        permissions = [
            (
                "download_any_report_export",
                _("Can download report exports that other people asked for"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reports_export_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(date_to__gte=models.F("date_from")),
                name="reports_export_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(compare_from__isnull=True, compare_to__isnull=True)
                | Q(compare_from__isnull=False, compare_to__gte=models.F("compare_from")),
                name="reports_export_comparison_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["done", "failed"], finished_at__isnull=False)
                | Q(status__in=["queued", "running"], finished_at__isnull=True),
                name="reports_export_finished_iff_over",
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="reports_export_expiry")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date_from}–{self.date_to}"

    @property
    def is_over(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
