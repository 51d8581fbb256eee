"""The columns of Svoboda's flat HTCDS CSV: one row per victim, written by the export and read
by the import, so that what one Svoboda exports another can import.

A column carries the HTCDS 2.0 field name where the standard has a field
(../shared/data/htcds/fields.csv). HTCDS 2.0 has no age band and no registration date (its only
dates are the birth date, which identifies a person, and the referral dates, which only referred
cases have), and it keeps the place of exploitation as a historic event (hte_Country of an event
whose hte_Type is Exploitation), which a one-row-per-victim file cannot hold. Those three columns
therefore have Svoboda names in snake_case, so a reader sees at once which columns are standard.

Values:
- GENDER: a prs_Gender code (Feminine, Masculine, ...); empty = NonSpecifiedUnknown.
- CITIZENSHIP: ISO 3166-1 alpha-2 codes, or a UN region written "UN:Europe" where only the
  region is known; several are joined with MULTI_VALUE_SEPARATOR (the import keeps the first).
- EXPLOITATION_TYPES: vic_TypeOfExploitation codes joined with MULTI_VALUE_SEPARATOR.
- AGE_GROUP: a reports.models.AGE_GROUPS code ("0-8" ... "48+", "minor", "adult").
- YEAR_OF_REGISTRATION: a year ("2019") or a band of years ("2005-2013").
- COUNTRY_OF_EXPLOITATION: one code, as for CITIZENSHIP.
An empty cell means unknown.
"""

GENDER = "prs_Gender"
CITIZENSHIP = "prs_Citizenship"
EXPLOITATION_TYPES = "vic_TypeOfExploitation"
AGE_GROUP = "age_group"
YEAR_OF_REGISTRATION = "year_of_registration"
COUNTRY_OF_EXPLOITATION = "country_of_exploitation"

# The export writes these, in this order.
COLUMNS = [
    YEAR_OF_REGISTRATION,
    GENDER,
    AGE_GROUP,
    CITIZENSHIP,
    COUNTRY_OF_EXPLOITATION,
    EXPLOITATION_TYPES,
]

# Read only: HTCDS's own age field (age when first trafficked, in years), used for the age group
# when a file has no AGE_GROUP column.
AGE_WHEN_TRAFFICKED = "vic_AgeWhenTrafficked"

# The export joins several values with ";" (as CTDC does); the import also accepts "|", the
# separator of HTCDS's own code lists.
MULTI_VALUE_SEPARATOR = ";"
ACCEPTED_SEPARATORS = (";", "|")

# A region instead of a country: "UN:" and the region's name.
UN_REGION_PREFIX = "UN:"
