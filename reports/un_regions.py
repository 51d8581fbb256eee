"""The UN M49 region of a country: what an export shows instead of a country that would single
someone out.

Source: the UN Statistics Division's "Standard country or area codes for statistical use" (M49),
https://unstats.un.org/unsd/methodology/m49/, top-level regions (Africa 002, Americas 019,
Asia 142, Europe 150, Oceania 009), as listed for each ISO 3166-1 alpha-2 code; checked against
the M49 columns of github.com/lukes/ISO-3166-Countries-with-Regional-Codes (all/all.csv, commit
145f1ad3, 2024-06-30). M49 counts Taiwan within China, so it is in Asia here. Antarctica (AQ)
belongs to no region: its region is unknown (""), and an export suppresses it.

A table, not a library: the regions change rarely, and a dependency for 240 codes would be more to
maintain than the table.
"""

REGIONS = {
    "Africa": (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA "
        "MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW"
    ),
    "Americas": (
        "AG AI AR AW BB BL BM BO BQ BR BS BV BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT GY "
        "HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI"
    ),
    "Asia": (
        "AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN "
        "MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE"
    ),
    "Europe": (
        "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT "
        "LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA"
    ),
    "Oceania": (
        "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"
    ),
}

_REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes.split()}


def region_of(country_code):
    """The M49 region's name of an ISO alpha-2 code ("RU" -> "Europe"), or "" when it has none."""
    return _REGION_OF.get((country_code or "").upper(), "")
