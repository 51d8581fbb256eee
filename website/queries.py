"""Reads for the public site. They answer for the organisation, never for a visitor, and return
only what may be published."""

from dataclasses import dataclass

from django_countries import countries


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
