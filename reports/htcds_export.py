"""Svoboda's own victims as rows of the flat HTCDS CSV (reports/htcds_columns.py), and the
quasi-identifier ladders that k-anonymise them.

Who is in an export: every person with the role "victim" in a case of the chosen branches whose
case was opened (Case.created_at, local date) within the period, once. A person who is a victim
in several such cases is described by the earliest of them: it is when the organisation first
registered them, which is what "year of registration" means in HTCDS and CTDC data.

What is in a row is an allow-list: EXPORT_COLUMNS, filled only by row_for() from the fields that
victim_rows() loads (LOADED_FIELDS, as plain values), so a name, alias, birth date, contact,
document, address or any free text (notes, descriptions, summaries, places) is never even read.
A new column is added here, on purpose, or not at all.
"""

import csv
import secrets
from datetime import date

from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import MD5, Cast, Concat
from django.utils import timezone, translation

from cases.htcds import ExploitationType, Gender
from cases.models import Case, Participant
from reports import htcds_columns as columns
from reports.kanon import QuasiIdentifier
from reports.models import AGE_BANDS
from reports.un_regions import region_of

# A random identifier per row and per export, so that a partner can refer to a row when asking
# about it. Never a database key: that would link rows across exports and back to the person.
ROW_ID = "row_id"
METHODS_OF_CONTROL = "vic_MethodsOfControl"
RECRUITMENT = "vic_MethodOfRecruitment"
CASE_STATUS = "cas_Status"
# HTCDS keeps the reason a case was closed as text; Svoboda writes its outcome's English label
# there (a fixed list, never anything a person typed).
CLOSURE = "cas_ReasonForCaseClosure"

EXPORT_COLUMNS = [
    ROW_ID,
    *columns.COLUMNS,
    METHODS_OF_CONTROL,
    RECRUITMENT,
    CASE_STATUS,
    CLOSURE,
]

# The fields victim_rows() reads, and nothing else.
LOADED_FIELDS = [
    "case__created_at",
    "case__status",
    "case__outcome",
    "case__exploitation_types",
    "case__exploitation_country",
    "case__means_of_control",
    "case__recruitment_methods",
    "person__gender",
    "person__birth_year",
    "person__age_estimate",
    "person__citizenship",
]

# Rows read from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000

# HTCDS's case statuses are Active, FollowUp, Closed and ClosedReferred. Svoboda's working
# statuses are all stages of active work; a case closed by referral is ClosedReferred.
_ACTIVE = "Active"
_CLOSED = "Closed"
_CLOSED_REFERRED = "ClosedReferred"


ADULT, MINOR = "adult", "minor"


def age_group_for(age):
    """The AGE_GROUPS code of an age in years; "" when the age is not known or not plausible."""
    if age is None or age < 0:
        return ""
    for low, high, code in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return ""


def age_at_opening(birth_year, age_estimate, opening_year):
    """Age when the case was opened: from the year of birth, else the caseworker's estimate."""
    if birth_year:
        return opening_year - birth_year
    return age_estimate


def _join(values):
    return columns.MULTI_VALUE_SEPARATOR.join(dict.fromkeys(value for value in values if value))


def _exploitation_code(code):
    # Svoboda's own value (domestic violence) has no HTCDS code: the standard's "Other".
    return ExploitationType.OTHER.value if code == ExploitationType.DOMESTIC_VIOLENCE else code


def _case_status(status, outcome):
    if status != Case.Status.CLOSED:
        return _ACTIVE
    return _CLOSED_REFERRED if outcome == Case.Outcome.REFERRED else _CLOSED


def _closures():
    """Each outcome's English label, whatever language the person exporting works in: partners
    read it."""
    with translation.override("en"):
        return {"": "", **{code: str(label) for code, label in Case.Outcome.choices}}


def _codes(stored):
    """The codes of a CountryField(multiple=True) as stored: comma-separated."""
    return stored.split(",") if stored else ()


def row_for(values, *, zone, closures):
    """One victim's row from the LOADED_FIELDS values: the allow-listed columns, nothing else.
    ROW_ID is left empty here; the export fills it. `zone` is the local time zone (the year a
    case was opened is the local one), `closures` the labels of _closures()."""
    (
        opened_at,
        status,
        outcome,
        exploitation_types,
        exploitation_country,
        means_of_control,
        recruitment_methods,
        gender,
        birth_year,
        age_estimate,
        citizenship,
    ) = values
    year = opened_at.astimezone(zone).year
    return {
        ROW_ID: "",
        columns.YEAR_OF_REGISTRATION: str(year),
        columns.GENDER: gender or Gender.UNKNOWN.value,
        columns.AGE_GROUP: age_group_for(age_at_opening(birth_year, age_estimate, year)),
        columns.CITIZENSHIP: _join(_codes(citizenship)),
        columns.COUNTRY_OF_EXPLOITATION: exploitation_country or "",
        columns.EXPLOITATION_TYPES: _join(map(_exploitation_code, exploitation_types)),
        METHODS_OF_CONTROL: _join(means_of_control),
        RECRUITMENT: _join(recruitment_methods),
        CASE_STATUS: _case_status(status, outcome),
        CLOSURE: closures[outcome or ""],
    }


def victims(branches, date_from: date | None = None, date_to: date | None = None):
    """The participations that make the export's rows: one per victim of the branches' cases
    opened in the period, the earliest such case of each (see the module docstring), unordered.

    The earliest is chosen by the database (no earlier participation of the same person in the
    scope exists), so the export never has to remember which people it has written: a million
    victims stream through in constant memory."""
    scope = Participant.objects.filter(role=Participant.Role.VICTIM, case__branch__in=branches)
    if date_from:
        scope = scope.filter(case__created_at__date__gte=date_from)
    if date_to:
        scope = scope.filter(case__created_at__date__lte=date_to)
    earlier = scope.filter(person_id=OuterRef("person_id")).filter(
        Q(case__created_at__lt=OuterRef("case__created_at"))
        | Q(case__created_at=OuterRef("case__created_at"), case_id__lt=OuterRef("case_id"))
    )
    return scope.filter(~Exists(earlier)).order_by()


def victim_rows(branches, date_from: date | None = None, date_to: date | None = None):
    """One row per victim (victims()), in an order no one can predict or reproduce, read from
    the database in chunks: a generator, to be consumed once.

    The order is the md5 of a fresh random key and the participation's id, so it follows
    neither the order in which people were registered nor any earlier export's; the key is
    forgotten afterwards."""
    key = secrets.token_hex(16)
    values = (
        victims(branches, date_from, date_to)
        .order_by(MD5(Concat(Value(key), Cast("pk", CharField()))))
        # Plain values, not model instances: a third of the time of a million rows.
        .values_list(*LOADED_FIELDS)
    )
    zone, closures = timezone.get_current_timezone(), _closures()
    for row in values.iterator(chunk_size=CHUNK_SIZE):
        yield row_for(row, zone=zone, closures=closures)


# The ladders: each step coarser than the last, the last one suppresses (kanon.py).


def _suppress(value):
    return ""


def _adult_or_minor(value):
    for _low, high, code in AGE_BANDS:
        if code == value:
            return MINOR if high is not None and high < 18 else ADULT
    return value  # already "adult", "minor" or unknown


def _five_years(value):
    if not value.isdigit():
        return value  # already a band, or unknown
    start = int(value) // 5 * 5
    # A period ends this year at the latest: a year still to come would be a wrong value.
    end = min(start + 4, max(int(value), timezone.localdate().year))
    return f"{start}-{end}" if end > start else value


def _region(code):
    if code.startswith(columns.UN_REGION_PREFIX):
        return code
    region = region_of(code)
    return columns.UN_REGION_PREFIX + region if region else ""


def _regions(value):
    return _join(_region(code) for code in value.split(columns.MULTI_VALUE_SEPARATOR) if code)


def _unknown_gender(value):
    return Gender.UNKNOWN.value


# Listed from the most to the least identifying: kanon.py breaks ties in this order.
# An age band becomes adult/minor, then unknown: a coarser band in between (18-29...) would need
# codes that AGE_GROUPS and so the import do not have.
QUASI_IDENTIFIERS = [
    QuasiIdentifier(columns.CITIZENSHIP, [_regions, _suppress]),
    QuasiIdentifier(columns.COUNTRY_OF_EXPLOITATION, [_region, _suppress]),
    QuasiIdentifier(columns.AGE_GROUP, [_adult_or_minor, _suppress]),
    QuasiIdentifier(columns.YEAR_OF_REGISTRATION, [_five_years, _suppress]),
    QuasiIdentifier(columns.GENDER, [_unknown_gender], unknown=Gender.UNKNOWN.value),
]


class _Echo:
    """A file-like object whose write() returns what it was given, so csv.writer can feed a
    streaming response line by line."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The CSV text of the rows, header first, one line at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        yield writer.writerow([row[column] for column in EXPORT_COLUMNS])
