"""Reads for the public site. They answer for the organisation, never for a visitor, and return
only what may be published."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django_countries import countries

# The figures are one small dict of numbers, the same in every language. The version in the key
# lets a release that changes what is cached ignore what an older one left there.
IMPACT_FIGURES_CACHE_KEY = "website:impact-figures:1"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    cities: list


def where_we_work():
    """The countries and cities where the movement is present, for the public network page.

    The same branches as the volunteer sign-up offers (network.queries.branches_to_sign_up_for):
    active, and shown on the public site by a decision someone made. Only the city and the
    country leave the database: nothing about the people of a branch, not even how many there
    are. Countries are named and sorted in the current language, cities alphabetically.
    """
    from network.queries import branches_to_sign_up_for

    cities = {}
    for code, city in branches_to_sign_up_for().values_list("country", "city"):
        cities.setdefault(code, set()).add(city.strip())
    found = [
        Country(code=code, name=countries.name(code), cities=sorted(names, key=_sort_key))
        for code, names in cities.items()
    ]
    return sorted(found, key=lambda country: _sort_key(country.name))


def _sort_key(name):
    # Close enough to dictionary order in Russian and English without the system's locales:
    # letter case ignored, and Ё sorted with Е.
    return name.casefold().replace("ё", "е")


@dataclass(frozen=True)
class ImpactFigures:
    rescued: int
    helped: int
    operations: int
    countries: int

    @property
    def any(self):
        """A new organisation has nothing to count yet; a row of zeros would say nothing."""
        return any((self.rescued, self.helped, self.operations, self.countries))


def impact_figures():
    """The four figures on the home page, for the whole organisation, from its own records.

    - rescued: people the debrief of a completed operation records as having left
      exploitation, each person once (operations.queries.rescued_people, with no user: everyone).
    - helped: people with at least one service of their assistance plan done, each person once
      (assistance.queries.helped_people).
    - operations: rescue operations completed, whatever their outcome (one in which nobody could
      leave was still carried out). Aborted operations and those not finished yet do not count.
    - countries: distinct countries in which an operation was completed, together with the
      countries of the branches shown on the public site (active, and ticked "shown on the public
      site", as on the network page). A branch that is not shown does not count by being there.
      Only the number leaves the database, never which countries, so it reveals no more than
      the other figures, which also count every branch's work.

    Each figure is one COUNT in the database: only numbers are read, never a row about a person.
    They are kept in the cache for IMPACT_FIGURES_CACHE_SECONDS (10 minutes by default), so the
    home page costs no counting for most visitors and the figures may lag that long behind.
    """
    cached = cache.get(IMPACT_FIGURES_CACHE_KEY)
    if cached is None:
        cached = _count_impact()
        cache.set(IMPACT_FIGURES_CACHE_KEY, cached, settings.IMPACT_FIGURES_CACHE_SECONDS)
    return ImpactFigures(**cached)


def _count_impact():
    from assistance.queries import helped_people
    from network.queries import branches_to_sign_up_for
    from operations.models import Operation
    from operations.queries import rescued_people

    completed = Operation.objects.filter(status=Operation.Status.COMPLETED).order_by()
    # UNION (not UNION ALL) removes duplicates, so a country with both a public branch and an
    # operation counts once; COUNT(*) over it runs in the database.
    countries_count = (
        completed.values_list("country")
        .union(branches_to_sign_up_for().order_by().values_list("country"))
        .count()
    )
    return {
        "rescued": rescued_people().count(),
        "helped": helped_people().count(),
        "operations": completed.count(),
        "countries": countries_count,
    }
