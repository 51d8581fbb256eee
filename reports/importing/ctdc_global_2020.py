"""CTDC Global Dataset, k-anonymised release of 14 April 2020 (../shared/data/ctdc/README.md §1).

One row per identified victim. Countries are ISO alpha-2, with `0` (CTDC's "00", country not
given or withheld) and an empty cell both meaning unknown. The two exploitation flags are 1, 0
or empty; a row with neither flag set stores no type, which statistics count as unknown.
"""

from cases.htcds import ExploitationType, Gender

from . import values

COLUMNS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
    "CountryOfExploitation",
]

_gender = values.mapped({"Female": Gender.FEMININE, "Male": Gender.MASCULINE, "": Gender.UNKNOWN})


def _year(raw):
    return values.year(raw) if raw else None


def _country(raw):
    return values.country(raw, unknown=("", "0", "00"))


# Every column must be there: a file without one of them is another file.
REQUIRED_COLUMNS = COLUMNS


def matches(header):
    return {"yearOfRegistration", "ageBroad", "CountryOfExploitation"} <= set(header)


def parse(cell):
    """The record's fields from one row; `cell(column, converter)` reads and checks a cell."""
    registered = cell("yearOfRegistration", _year)
    types = []
    if cell("isForcedLabour", values.flag):
        types.append(ExploitationType.FORCED_LABOUR)
    if cell("isSexualExploit", values.flag):
        types.append(ExploitationType.SEXUAL_EXPLOITATION)
    return {
        "year_from": registered,
        "year_to": registered,
        "gender": cell("gender", _gender),
        "age_group": cell("ageBroad", _ctdc_age_band),
        "citizenship": cell("citizenship", _country),
        "exploitation_place": cell("CountryOfExploitation", _country),
        "exploitation_types": types,
    }


def _ctdc_age_band(raw):
    # CTDC 2020 gives numbered bands only; "minor"/"adult" would be a different file.
    code = values.age_group(raw)
    if code and code not in values.AGE_BANDS:
        raise values.unknown_value(raw)
    return code


def missing_columns(header):
    return []  # REQUIRED_COLUMNS holds them all.


def parser(header):
    return parse
