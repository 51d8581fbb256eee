"""Vocabulary from the Human Trafficking Case Data Standard 2.0 (../shared/data/htcds/).

The stored values are the HTCDS codes themselves, so an HTCDS export needs no mapping table for
these fields. Where Svoboda needs a value the standard lacks (domestic violence is not
trafficking, but the organisation helps its survivors too), the extra value is marked below and
exported as "Other".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExploitationType(models.TextChoices):
    """vic_TypeOfExploitation."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military (by non-state actors)")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    # Svoboda's own value, exported to HTCDS as Other.
    DOMESTIC_VIOLENCE = "DomesticViolence", _("Domestic violence")
    OTHER = "Other", pgettext_lazy("exploitation type", "Other")


class MeansOfControl(models.TextChoices):
    """vic_MethodsOfControl."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threatens children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess", _("Restricts financial access")
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _("Psychoactive substances")
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", pgettext_lazy("means of control", "Other")


class RecruitmentMethod(models.TextChoices):
    """vic_MethodOfRecruitment."""

    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    ONLINE_SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_ADVERTISEMENT = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TELEVISION_ADVERT = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    OTHER = "Other", pgettext_lazy("recruitment", "Other")


class Gender(models.TextChoices):
    """prs_Gender."""

    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender female")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender male")
    NON_CONFORMING = "NonConforming", _("Gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified or unknown")
