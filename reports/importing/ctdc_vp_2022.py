"""CTDC victim–perpetrator synthetic dataset, version of 1 December 2022
(../shared/data/ctdc/README.md §2).

Rows are synthetic victims. The file bands registration years ("2005-2013"), gives only
adult/minor for age and UN regions for countries, so records keep exactly that much. Flags are
1 or empty. The perpetrator columns (IP_...) describe other people and are not read.
"""

from cases.htcds import ExploitationType, Gender

from . import values

COLUMNS = [
    "yearRegister",
    "gender",
    "majorityStatus",
    "isForcedLabour",
    "isSexualExploit",
    "UN_COO_Region",
    "UN_COE_Region",
]

_gender = values.mapped({"Female": Gender.FEMININE, "Male": Gender.MASCULINE, "": Gender.UNKNOWN})
_majority = values.mapped({"Adult": "adult", "Minor": "minor", "": ""})

# Every column must be there: a file without one of them is another file.
REQUIRED_COLUMNS = COLUMNS


def matches(header):
    return {"yearRegister", "majorityStatus", "UN_COO_Region"} <= set(header)


def parse(cell):
    """The record's fields from one row; `cell(column, converter)` reads and checks a cell."""
    year_from, year_to = cell("yearRegister", values.period) or (None, None)
    types = []
    if cell("isForcedLabour", values.flag):
        types.append(ExploitationType.FORCED_LABOUR)
    if cell("isSexualExploit", values.flag):
        types.append(ExploitationType.SEXUAL_EXPLOITATION)
    return {
        "year_from": year_from,
        "year_to": year_to,
        "gender": cell("gender", _gender),
        "age_group": cell("majorityStatus", _majority),
        "citizenship": cell("UN_COO_Region", values.un_region),
        "exploitation_place": cell("UN_COE_Region", values.un_region),
        "exploitation_types": types,
    }


def missing_columns(header):
    return []  # REQUIRED_COLUMNS holds them all.


def parser(header):
    return parse
