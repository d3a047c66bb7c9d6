"""Cities are matched, not guessed.

A place name is normalised (queries.names: width, case, spaces, punctuation) and looked up in the
alias table (seed aliases plus those an analyst added with an upload still in force). Exactly one
city and no `ambiguous:` note → matched; a city's own code (440300, as GB/T 2260 writes it) too. Several cities, or a note saying the name is also a
province → ambiguous: the analyst chooses. Nothing found → a trailing 市 is dropped and the lookup
repeated; other suffixes (区, 县, …) are only offered as candidates, because 朝阳区 (Beijing) is not
朝阳市 (Liaoning). Unmatched and ambiguous names block the commit until the analyst resolves them.
"""

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from queries.names import ADMIN_SUFFIXES, normalize_name, strip_admin_suffix

MATCHED, AMBIGUOUS, UNMATCHED, RESOLVED = "matched", "ambiguous", "unmatched", "resolved"
MAX_CANDIDATES = 6
_COUNTY_CODE = re.compile(r"^\d{6}$")


@dataclass
class PlaceMatch:
    name: str  # as written in the file (trimmed)
    status: str
    code: str | None = None
    candidates: list[str] = field(default_factory=list)  # city codes, best first
    how: str = ""  # alias kind, 'suffix', 'analyst'
    searched: str | None = None  # the normalised name the closest cities are looked up for
    near_added: bool = False


class Gazetteer:
    """The alias table and the city list, loaded once per validation."""

    def __init__(self, aliases: pd.DataFrame, cities: pd.DataFrame):
        self.cities = cities.set_index("code", drop=False)
        self.by_norm: dict[str, list[dict]] = {}
        for row in aliases.to_dict("records"):
            self.by_norm.setdefault(row["alias_norm"], []).append(row)
        self._norms = list(self.by_norm)
        self.by_code = {normalize_name(str(code)): code for code in self.cities.index}
        self._by_bigram: dict[str, list[str]] = {}  # for the spelling search: aliases sharing a pair of characters
        for alias in self._norms:
            for bigram in _bigrams(alias):
                self._by_bigram.setdefault(bigram, []).append(alias)

    def has_city(self, code: str) -> bool:
        return code in self.cities.index

    def city(self, code: str) -> dict:
        return self.cities.loc[code].to_dict()

    def candidate(self, code: str) -> dict:
        """A city as a candidate is shown (texts.problems.candidate_text): code, names, province."""
        city = self.city(code)
        return {
            "code": code,
            "name_zh": city["name_zh"],
            "name_en": city["name_en"],
            "province_zh": city.get("province_zh"),
            "province_en": city.get("province_en"),
        }

    def _codes(self, norm: str) -> tuple[list[str], bool]:
        rows = self.by_norm.get(norm, [])
        codes = list(dict.fromkeys(row["city_code"] for row in rows))
        flagged = any(str(row.get("note") or "").startswith("ambiguous:") for row in rows)
        return codes, flagged

    def resolve(self, name: str, near: bool = True) -> PlaceMatch:
        """The match for one name; `near=False` leaves out the closest other cities (a spelling
        search, the costly part), which add_candidates() fills in for the names shown."""
        norm = normalize_name(name)
        if not norm:
            return PlaceMatch(name, UNMATCHED)
        codes, flagged = self._codes(norm)
        if len(codes) == 1 and not flagged:
            kind = self.by_norm[norm][0]["kind"]
            return PlaceMatch(name, MATCHED, codes[0], how=kind)
        if codes:
            return self._open(PlaceMatch(name, AMBIGUOUS, candidates=codes), norm, near)
        if norm in self.by_code:  # a city's own code (440300, TW-TPE), as the city profile accepts
            return PlaceMatch(name, MATCHED, self.by_code[norm], how="code")
        if norm.endswith("市"):
            stripped = norm[:-1]
            codes, flagged = self._codes(stripped)
            if len(codes) == 1 and not flagged:
                return PlaceMatch(name, MATCHED, codes[0], how="suffix")
            if codes:
                return self._open(PlaceMatch(name, AMBIGUOUS, candidates=codes), stripped, near)
        return self._open(PlaceMatch(name, UNMATCHED), norm, near)

    def _open(self, match: PlaceMatch, norm: str, near: bool) -> PlaceMatch:
        match.searched = norm
        if near:
            self.add_candidates(match)
        return match

    def add_candidates(self, match: PlaceMatch) -> None:
        """Add the closest other cities to an unmatched or ambiguous match (once)."""
        if match.searched is not None and not match.near_added:
            match.candidates = match.candidates + self._near(match.searched, exclude=match.candidates)
            match.near_added = True

    def _near(self, norm: str, exclude=()) -> list[str]:
        """Closest cities: by a stripped admin suffix, by containment, then by spelling."""
        found: list[str] = []

        def add(codes):
            for code in codes:
                if code not in found and code not in exclude:
                    found.append(code)

        if _COUNTY_CODE.match(norm):  # a district or county code: the city whose code it starts with
            add([code for code in (self.by_code.get(norm[:4] + "00"),) if code])
        stripped = strip_admin_suffix(norm)
        if stripped != norm:
            add(self._codes(stripped)[0])
        for suffix in ADMIN_SUFFIXES:
            add(self._codes(norm + suffix)[0])
        if len(norm) >= 2:
            for alias in self._norms:
                if len(alias) >= 2 and (alias in norm or (norm in alias and len(norm) >= 2)):
                    add(self._codes(alias)[0])
                if len(found) >= MAX_CANDIDATES:
                    break
        # Spelling: only aliases sharing a pair of characters can be 60% alike (difflib over every
        # alias took 20 ms a name; 2,000 unknown names took 40 s).
        pool = list(dict.fromkeys(alias for bigram in _bigrams(norm) for alias in self._by_bigram.get(bigram, ())))
        for alias in difflib.get_close_matches(norm, pool, n=MAX_CANDIDATES, cutoff=0.6):
            add(self._codes(alias)[0])
        return found[:MAX_CANDIDATES]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def match_names(
    gazetteer: Gazetteer, names: list[str], resolutions: dict[str, str], forced: Collection[str] = ()
) -> dict[str, PlaceMatch]:
    """A match for every distinct name. The analyst's resolution (name → city code) settles a name
    that matched no city or several; it overrides a name that already means one city only when that
    name is `forced` (so 北京=440300 never turns Beijing into Shenzhen by a slip)."""
    matches = {}
    for name in names:
        own = gazetteer.resolve(name, near=False)
        chosen = resolutions.get(name)
        usable = chosen and gazetteer.has_city(chosen)
        if usable and (own.status != MATCHED or own.code == chosen or name in forced):
            matches[name] = PlaceMatch(name, RESOLVED, chosen, how="analyst")
        else:
            matches[name] = own
    return matches
