"""One path for the app and the command line: read → map headers → match places → validate → plan.

`prepare()` never writes. It returns a Plan: the rows exactly as they would be stored, the catalogue
rows (edition, measure, programme) and aliases the commit would add, every problem by row and
column, and the version it was checked against. `queries.ingest.commit.commit(plan)` writes it in
one transaction, or nothing.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from queries.database import connect
from queries.ingest import validate as v
from queries.ingest.duplicates import check_duplicates
from queries.ingest.kinds import KINDS, PERCENT_UNITS, PLACE, TEXT, Kind, choice_key, header_key
from queries.ingest.places import AMBIGUOUS, MATCHED, RESOLVED, UNMATCHED, Gazetteer, PlaceMatch, match_names
from queries.ingest.problems import ERROR, EXAMPLES_PER_GROUP, INFO, WARNING, ProblemList
from queries.ingest.reader import Limits, RawTable, ReadOptions, read_upload
from queries.ingest.xlsx import column_letters
from queries.names import normalize_name
from queries.sql_files import load_sql

APPEND, REPLACE = "append", "replace"
MODES = (APPEND, REPLACE)
DEFAULT_MAX_MB = 100
DEFAULT_MAX_ROWS = 1_000_000
DEFAULT_MAX_UNZIPPED_MB = 1024
UPLOAD_BASIS = "explicit"
DEFAULT_RANK_MEASURE = "smart_rank"
DEFAULT_SCORE_MEASURE = "index_score"


def limits() -> Limits:
    """Upload limits: ATLAS_UPLOAD_MAX_MB (default 100), ATLAS_UPLOAD_MAX_ROWS (default 1,000,000) and
    ATLAS_UPLOAD_MAX_UNZIPPED_MB (default 1024: what an .xlsx file's parts may expand to)."""
    max_mb = float(os.environ.get("ATLAS_UPLOAD_MAX_MB", DEFAULT_MAX_MB))
    max_rows = int(os.environ.get("ATLAS_UPLOAD_MAX_ROWS", DEFAULT_MAX_ROWS))
    unzipped_mb = float(os.environ.get("ATLAS_UPLOAD_MAX_UNZIPPED_MB", DEFAULT_MAX_UNZIPPED_MB))
    return Limits(max_bytes=int(max_mb * 2**20), max_rows=max_rows, max_unzipped_bytes=int(unzipped_mb * 2**20))


@dataclass
class Request:
    kind: str
    data: bytes
    file_name: str
    read_options: ReadOptions = field(default_factory=ReadOptions)
    mapping: dict[str, int | None] | None = None  # canonical column -> header index; None = automatic
    resolutions: dict[str, str] = field(default_factory=dict)  # place name as written -> city code
    new_aliases: set[str] = field(default_factory=set)  # resolved names to keep as aliases
    forced: set[str] = field(default_factory=set)  # names whose resolution may override the city they match
    mode: str = APPEND


@dataclass
class Plan:
    request: Request
    raw: RawTable
    sha256: str
    problems: ProblemList
    auto_mapping: dict[str, int | None] = field(default_factory=dict)
    mapping: dict[str, int | None] = field(default_factory=dict)
    places: dict[str, PlaceMatch] = field(default_factory=dict)
    place_rows: dict[str, list[int]] = field(default_factory=dict)
    stored: pa.Table | None = None
    stored_rows: pa.Array | None = None
    catalog: dict[str, pd.DataFrame] = field(default_factory=dict)  # edition / measure / programme rows to add
    aliases: pd.DataFrame | None = None
    base_version: int = 0
    base_batches: list[int] = field(default_factory=list)
    next_batch: int = 1
    rows_read: int = 0
    rows_accepted: int = 0
    unchanged: int = 0  # stored rows left out: already in force (or earlier in the file) with the same values

    @property
    def kind(self) -> Kind:
        return KINDS[self.request.kind]

    @property
    def ok(self) -> bool:
        return self.stored is not None and not self.problems.has_errors()

    @property
    def has_changes(self) -> bool:
        """Whether committing would change what is in force (not when every row is unchanged)."""
        if self.stored is None:
            return False
        new_rows = self.stored.num_rows > 0 or any(len(frame) for frame in self.catalog.values())
        dropped = self.request.mode == REPLACE and bool(self.base_batches)
        return new_rows or dropped or (self.aliases is not None and len(self.aliases) > 0)

    @property
    def unresolved(self) -> list[PlaceMatch]:
        return [m for m in self.places.values() if m.status in (UNMATCHED, AMBIGUOUS)]

    def batches_kept(self) -> list[int]:
        """Uploaded batches that stay in force next to this upload."""
        return [] if self.request.mode == REPLACE else list(self.base_batches)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reference data -----------------------------------------------------------------------------


@dataclass
class Reference:
    gazetteer: Gazetteer
    editions: pd.DataFrame
    measures: pd.DataFrame
    programmes: pd.DataFrame
    scenarios: pd.DataFrame
    metrics: pd.DataFrame
    version: int
    batches: list[int]
    next_batch: int


def load_reference(kind: str, path=None) -> Reference:
    with connect(path=path) as connection:

        def frame(name, **params):
            return connection.execute(load_sql(f"ingest/{name}"), params).df()

        current = connection.execute(load_sql("ingest/current_version"), {"kind": kind}).fetchall()[0]
        next_batch = connection.execute(load_sql("ingest/next_batch")).fetchall()[0][0]
        return Reference(
            gazetteer=Gazetteer(frame("aliases"), frame("cities")),
            editions=frame("editions"),
            measures=frame("measures"),
            programmes=frame("programmes"),
            scenarios=frame("scenarios"),
            metrics=frame("metrics"),
            version=int(current[0]),
            batches=[int(b) for b in current[1]],
            next_batch=int(next_batch),
        )


# --- header mapping -----------------------------------------------------------------------------


def header_candidates(kind: Kind, headers: list[str]) -> dict[str, list[int]]:
    """Dataset column -> indexes of every header that is one of its names, in either language."""
    keys = [header_key(header) for header in headers]
    found: dict[str, list[int]] = {}
    for column in kind.columns:
        accepted = {header_key(name) for name in column.accepted_headers()}
        found[column.name] = [i for i, key in enumerate(keys) if key and key in accepted]
    return found


def auto_mapping(kind: Kind, headers: list[str]) -> dict[str, int | None]:
    """Dataset column -> the one header that names it; None when no header does, or when several do
    (two 'Value' columns, or 数值 beside Value): the first is never taken silently."""
    return {name: found[0] if len(found) == 1 else None for name, found in header_candidates(kind, headers).items()}


def column_label(headers: list[str], index: int) -> str:
    header = headers[index] if index < len(headers) else ""
    return header or f"#{index + 1}"


def _check_mapping(
    kind: Kind, raw: RawTable, mapping: dict[str, int | None], chosen: set[str], problems: ProblemList
) -> bool:
    """Required columns present, no column named twice unless the analyst chose one (`chosen`),
    nothing mapped twice; unused and unnamed columns reported."""
    ok = True
    candidates = header_candidates(kind, raw.headers)
    ambiguous = {name for name, found in candidates.items() if len(found) > 1 and name not in chosen}
    for name in sorted(ambiguous, key=list(candidates).index):
        column = kind.column(name)
        listed = ", ".join(f"“{column_label(raw.headers, i)}” ({column_letters(i)})" for i in candidates[name])
        problems.add("header_ambiguous", label=column.header_zh, label_en=column.header_en, name=name, columns=listed)
        ok = False
    for column in kind.columns:
        if column.required and mapping.get(column.name) is None and column.name not in ambiguous:
            problems.add(
                "missing_column",
                label=column.header_zh,
                label_en=column.header_en,
                accepted=" / ".join(dict.fromkeys((column.header_zh, column.header_en, *column.synonyms))),
            )
            ok = False
    if kind.name == "rankings" and mapping.get("rank") is None and mapping.get("value") is None:
        problems.add("missing_rank_or_value")
        ok = False
    taken: dict[int, str] = {}
    for name, index in mapping.items():
        if index is None:
            continue
        if index >= len(raw.headers):
            problems.add("mapping_invalid", target=name)
            ok = False
        elif index in taken:
            problems.add("mapped_twice", header=column_label(raw.headers, index), first=taken[index], second=name)
            ok = False
        else:
            taken[index] = name
    for index, header in enumerate(raw.headers):
        if index in taken:
            continue
        has_values = raw.table is not None and pc.any(pc.not_equal(raw.table.column(index), "")).as_py()
        if not header and has_values:
            problems.add("unnamed_column", WARNING, column=f"#{index + 1}")
        elif header:
            problems.add("unused_column", INFO, column=header)
    return ok


# --- the plan -----------------------------------------------------------------------------------


def prepare(
    request: Request, *, raw: RawTable | None = None, reference: Reference | None = None, progress=None, path=None
) -> Plan:
    """Everything short of writing: the rows as they would be stored and every problem found."""
    progress = progress or (lambda fraction, stage: None)
    if request.kind not in KINDS:
        raise ValueError(f"unknown dataset kind {request.kind!r}; choose one of {', '.join(KINDS)}")
    if request.mode not in MODES:
        raise ValueError(f"unknown mode {request.mode!r}")
    kind = KINDS[request.kind]
    if raw is None:
        raw = read_upload(request.data, request.file_name, request.read_options, limits(), progress)
    problems = ProblemList()
    problems.extend(raw.problems)
    plan = Plan(request=request, raw=raw, sha256=sha256_of(request.data), problems=problems, rows_read=raw.row_count)
    if raw.problems.has_errors() or raw.table is None:
        return plan
    plan.auto_mapping = auto_mapping(kind, raw.headers)
    plan.mapping = dict(plan.auto_mapping)
    chosen = {name for name in (request.mapping or {}) if name in plan.mapping}
    plan.mapping.update({name: request.mapping[name] for name in chosen} if request.mapping else {})
    v.check_headers(raw.headers, raw.header_row, problems)
    if not _check_mapping(kind, raw, plan.mapping, chosen, problems) or problems.has_errors():
        return plan
    progress(0.55, "validate")
    reference = reference or load_reference(kind.name, path)
    plan.base_version, plan.base_batches, plan.next_batch = reference.version, reference.batches, reference.next_batch

    # One chunk per column: the kernels below take plain arrays, and the stored table is one chunk.
    columns = {
        name: v.trimmed(raw.table.column(index).combine_chunks())
        for name, index in plan.mapping.items()
        if index is not None
    }
    headers = {name: column_label(raw.headers, index) for name, index in plan.mapping.items() if index is not None}
    cells = v.Cells(columns, headers, raw.rows, problems)
    v.check_control_characters(cells)
    v.check_template_example(cells, kind.columns)
    v.check_formulas_and_markup(cells, {c.name for c in kind.columns if c.type in (TEXT, PLACE)})
    for column in kind.columns:
        v.check_required(cells, column)
    progress(0.65, "places")
    place_column = next(column for column in kind.columns if column.type == PLACE)
    codes = _match_places(plan, cells, place_column.name, reference.gazetteer)
    progress(0.75, "validate")
    built = BUILDERS[kind.name](plan, cells, codes, reference)
    if built is None:
        return plan
    stored, stored_rows = built
    progress(0.85, "duplicates")
    unchanged = check_duplicates(kind, cells, stored, stored_rows, [0] + plan.batches_kept(), path)
    if unchanged.any():  # already in force with the same values: not stored twice
        kept = pa.array(~unchanged)
        stored, stored_rows = stored.filter(kept), stored_rows.filter(kept)
        plan.unchanged = int(unchanged.sum())
    plan.aliases = _alias_rows(plan, reference.gazetteer)
    plan.stored, plan.stored_rows = stored, stored_rows
    plan.rows_accepted = int(cells.count - cells.bad.sum())
    pa.default_memory_pool().release_unused()  # give back the intermediate arrays before the commit
    progress(1.0, "done")
    return plan


def _match_places(plan: Plan, cells: v.Cells, name: str, gazetteer: Gazetteer) -> pa.Array:
    values = cells.text(name)
    encoded = pc.dictionary_encode(values)
    names = [n for n in encoded.dictionary.to_pylist() if n is not None]
    plan.places = match_names(gazetteer, names, plan.request.resolutions, plan.request.forced)
    _check_resolutions(plan, cells, name, gazetteer)
    dictionary_codes = pa.array(
        [
            plan.places[n].code if plan.places[n].status in (MATCHED, RESOLVED) else None
            for n in encoded.dictionary.to_pylist()
        ],
        pa.string(),
    )
    codes = dictionary_codes.take(encoded.indices)
    dictionary = encoded.dictionary.to_pylist()
    open_codes = [
        i for i, n in enumerate(dictionary) if n is not None and plan.places[n].status in (UNMATCHED, AMBIGUOUS)
    ]
    if not open_codes:
        return codes
    # Rows of every open name at once (a loop over names would scan the file once per name: 2,000
    # unknown names in a million rows), in the order the names first appear.
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    where = np.flatnonzero(np.isin(indices, open_codes))
    cells.bad[where] = True
    order = np.argsort(indices[where], kind="stable")
    grouped, starts = where[order], np.flatnonzero(np.diff(indices[where][order], prepend=-1))
    groups = np.split(grouped, starts[1:])
    groups.sort(key=lambda positions: positions[0])
    header = cells.headers[name]
    for listed, positions in enumerate(groups):
        match = plan.places[dictionary[indices[positions[0]]]]
        rows = cells.row_list[positions].tolist()
        plan.place_rows[match.name] = rows
        if listed < EXAMPLES_PER_GROUP:  # the closest cities are looked up for the names listed
            gazetteer.add_candidates(match)
        code = "place_unmatched" if match.status == UNMATCHED else "place_ambiguous"
        cells.problems.add(
            code,
            ERROR,
            rows[0],
            header,
            value=match.name,
            rows=_row_list(rows),
            count=len(rows),
            candidates=[gazetteer.candidate(c) for c in match.candidates],
        )
    return codes


def _check_resolutions(plan: Plan, cells: v.Cells, name: str, gazetteer: Gazetteer) -> None:
    """Resolutions that cannot apply are errors, never skipped: an unknown code, or a name that
    already means another city (unless forced); one for a name the file lacks is a warning."""
    header = cells.headers[name]
    for written, code in sorted(plan.request.resolutions.items()):
        match = plan.places.get(written)
        if not gazetteer.has_city(code):
            cells.problems.add("resolve_unknown_code", ERROR, None, header, value=written, chosen=code)
        elif match is None:
            cells.problems.add("resolve_unused", WARNING, None, header, value=written, chosen=code)
        elif match.status == MATCHED and match.code != code:
            cells.problems.add(
                "resolve_conflict",
                ERROR,
                None,
                header,
                value=written,
                chosen=code,
                candidates=[gazetteer.candidate(str(match.code))],
            )


def _row_list(rows: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f", … (+{len(rows) - limit})" if len(rows) > limit else "")


def _alias_rows(plan: Plan, gazetteer: Gazetteer) -> pd.DataFrame:
    rows = []
    for name in sorted(plan.request.new_aliases):
        match = plan.places.get(name)
        norm = normalize_name(name)
        if match is None or match.status != RESOLVED or not norm:
            plan.problems.add("alias_unused", WARNING, None, None, value=name)
            continue
        others = set(gazetteer._codes(norm)[0]) - {match.code}
        if others:  # the name already means another city: as an alias it would become ambiguous everywhere
            plan.problems.add(
                "alias_conflict",
                ERROR,
                None,
                None,
                value=name,
                candidates=[gazetteer.candidate(code) for code in sorted(others)],
            )
            continue
        if gazetteer._codes(norm)[0]:
            continue  # already an alias of that city
        rows.append(
            {
                "alias": name,
                "alias_norm": norm,
                "city_code": match.code,
                "kind": "analyst",
                "note": f"added by an analyst with upload of {plan.request.file_name}",
            }
        )
    return pd.DataFrame(rows, columns=["alias", "alias_norm", "city_code", "kind", "note"])


def _provenance(cells: v.Cells, count_rows: pa.Array | None = None) -> dict[str, pa.Array]:
    rows = count_rows if count_rows is not None else cells.rows
    return {
        "source_lines": pc.cast(rows, pa.string()),
        "quote": cells.text("source"),
        "basis": v.constant(UPLOAD_BASIS, len(rows)),
        "flag": pa.nulls(len(rows), pa.string()),
        "note": cells.text("note"),
    }


def _resolve_catalog(values: pa.Array, lookup: dict[str, str], new_code) -> tuple[pa.Array, dict[str, str]]:
    """Codes for catalogue references (existing code or label → code; otherwise a new code)."""
    created: dict[str, str] = {}
    taken = set(lookup.values())

    def resolve(value):
        if value is None:
            return None
        key = choice_key(value)
        if key in lookup:
            return lookup[key]
        if value not in created:
            created[value] = new_code(value, taken)
            taken.add(created[value])
        return created[value]

    return v.map_unique(values, resolve), created


def _new_code(prefix: str):
    def make(text: str, taken: set[str]) -> str:
        base = v.slug(text) or f"{prefix}_{hashlib.sha1(text.encode()).hexdigest()[:8]}"
        code, n = base, 2
        while code in taken:
            code, n = f"{base}_{n}", n + 1
        return code

    return make


def _lookup(frame: pd.DataFrame, code: str, *labels: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for row in frame.to_dict("records"):
        for field_name in labels:
            if row.get(field_name) and isinstance(row[field_name], str):
                lookup.setdefault(choice_key(row[field_name]), row[code])
        lookup[choice_key(str(row[code]))] = row[code]
    return lookup


def _text(value) -> str | None:
    """A text cell of a reference frame (pandas gives NaN for NULL) as str or None."""
    return value if isinstance(value, str) and value else None


def _first_per_value(values: pa.Array, *others: pa.Array) -> dict:
    """For each distinct value: the values of the other columns on its first row."""
    positions = v.first_positions(values)
    return {key: [other[index].as_py() for other in others] for key, index in positions.items()}


def _editions(plan: Plan, cells: v.Cells, reference: Reference, edition_kind: str) -> pa.Array | None:
    editions = reference.editions
    same_kind = editions[editions["kind"] == edition_kind]
    other_kind = editions[editions["kind"] != edition_kind]
    lookup = _lookup(same_kind, "edition", "label_zh", "label_en")
    values = cells.text("edition")
    for value in set(pc.unique(values).to_pylist()) - {None}:
        key = choice_key(value)
        if key not in lookup and key in _lookup(other_kind, "edition", "label_zh", "label_en"):
            rows = pc.indices_nonzero(pc.fill_null(pc.equal(values, value), False)).to_numpy()
            cells.report(np.isin(np.arange(cells.count), rows), "edition_other_kind", "edition", kind=edition_kind)
    codes, created = _resolve_catalog(values, lookup, _new_code("edition"))
    if created:
        years = v.to_year(cells, plan.kind.column("year")) if cells.has("year") else pa.nulls(cells.count, pa.int32())
        firsts = _first_per_value(values, cells.text("edition_label"), years)
        rows = []
        for text, code in created.items():
            label, year = firsts.get(text, [None, None])
            if year is None:
                found = re.search(r"(19|20)\d\d", text)
                year = int(found.group(0)) if found else None
            if year is None:
                first = int(cells.row_list[pc.index(values, text).as_py()])
                cells.problems.add("edition_year_missing", ERROR, first, cells.headers.get("edition"), value=text)
                cells.bad[pc.fill_null(pc.equal(values, text), False).to_numpy(zero_copy_only=False)] = True
            label = label or text
            rows.append(
                {
                    "edition": code,
                    "kind": edition_kind,
                    "year": None if year is None else int(year),
                    "source_id": None,
                    "label_zh": label,
                    "label_en": label,
                }
            )
            cells.problems.add("new_edition", INFO, None, cells.headers.get("edition"), value=text, assigned=code)
        plan.catalog["edition"] = pd.DataFrame(rows)
    return codes


def _city_columns(plan: Plan, cells: v.Cells, codes: pa.Array, name: str) -> dict[str, pa.Array]:
    return {"city_code": codes, "printed_name": cells.text(name)}


def build_rankings(plan: Plan, cells: v.Cells, codes: pa.Array, reference: Reference):
    kind = plan.kind
    editions = _editions(plan, cells, reference, "ranking")
    ranks = v.to_rank(cells, kind.column("rank")) if cells.has("rank") else pa.nulls(cells.count, pa.int64())
    scores = v.to_number(cells, kind.column("value")) if cells.has("value") else pa.nulls(cells.count, pa.float64())
    has_rank = pc.is_valid(ranks).to_numpy(zero_copy_only=False)
    has_score = pc.is_valid(scores).to_numpy(zero_copy_only=False)
    neither = ~has_rank & ~has_score & ~(cells.nonempty_mask("rank") | cells.nonempty_mask("value"))
    cells.report(neither, "rank_or_value", "rank" if cells.has("rank") else "value")
    measure_text = cells.text("measure")
    lookup = _lookup(reference.measures, "measure", "name_zh", "name_en")
    rank_kind = set(reference.measures.loc[reference.measures["kind"] == "rank", "measure"])
    measure_codes, created = _resolve_catalog(measure_text, lookup, _new_code("measure"))
    rank_measure = pc.fill_null(measure_codes, DEFAULT_RANK_MEASURE)
    score_measure = pc.if_else(
        pa.array(has_rank), DEFAULT_SCORE_MEASURE, pc.fill_null(measure_codes, DEFAULT_SCORE_MEASURE)
    )
    # A score filed under a rank measure must itself be a rank.
    score_as_rank = pc.is_in(score_measure, pa.array(sorted(rank_kind), pa.string())).to_numpy(zero_copy_only=False)
    score_values = scores.to_numpy(zero_copy_only=False)
    not_rank = has_score & score_as_rank & ~((score_values >= 1) & (np.mod(np.nan_to_num(score_values), 1) == 0))
    cells.report(not_rank, "rank_positive", "value", low=1, high=None)

    measure_rows = []
    used_rank = set(pc.unique(pc.filter(rank_measure, pa.array(has_rank))).to_pylist())
    used_score = set(pc.unique(pc.filter(score_measure, pa.array(has_score))).to_pylist())
    known = set(reference.measures["measure"])
    names = {DEFAULT_SCORE_MEASURE: ("指数得分", "Index score")}
    by_code = {code: text for text, code in created.items()}
    for code in sorted((used_rank | used_score) - known):
        is_rank = code in used_rank
        zh, en = names.get(code, (by_code.get(code, code), by_code.get(code, code)))
        measure_rows.append(
            {
                "measure": code,
                "kind": "rank" if is_rank else "score",
                "higher_is_better": not is_rank,
                "unit": None,
                "name_zh": zh,
                "name_en": en,
            }
        )
        cells.problems.add("new_measure", INFO, None, cells.headers.get("measure"), value=zh, assigned=code)
    if measure_rows:
        plan.catalog["measure"] = pd.DataFrame(measure_rows)

    base = {
        "edition": editions,
        **_city_columns(plan, cells, codes, "city"),
        "group_label": cells.text("group"),
        "group_basis": pa.nulls(cells.count, pa.string()),
        **_provenance(cells),
    }
    rank_part = pa.table({**base, "measure": rank_measure, "value": pc.cast(ranks, pa.float64())}).filter(
        pa.array(has_rank)
    )
    score_part = pa.table({**base, "measure": score_measure, "value": scores}).filter(pa.array(has_score))
    stored = pa.concat_tables([rank_part, score_part])
    rows = pa.concat_arrays([cells.rows.filter(pa.array(has_rank)), cells.rows.filter(pa.array(has_score))])
    return stored, rows


def build_tiers(plan: Plan, cells: v.Cells, codes: pa.Array, reference: Reference):
    kind = plan.kind
    editions = _editions(plan, cells, reference, "tier")
    tiers = v.to_choice(cells, kind.column("tier"))
    primary = v.to_flag(cells, kind.column("primary"), default=True)
    stored = pa.table(
        {
            "edition": editions,
            **_city_columns(plan, cells, codes, "city"),
            "tier": tiers,
            "is_primary": primary,
            **_provenance(cells),
        }
    )
    return stored, cells.rows


def build_pilots(plan: Plan, cells: v.Cells, codes: pa.Array, reference: Reference):
    kind = plan.kind
    values = cells.text("programme")
    lookup = _lookup(reference.programmes, "programme", "name_zh", "name_en")
    programmes, created = _resolve_catalog(values, lookup, _new_code("programme"))
    years = v.to_year(cells, kind.column("year"))
    levels = v.to_choice(cells, kind.column("level"), default="city")
    if created:
        firsts = _first_per_value(values, years)
        plan.catalog["programme"] = pd.DataFrame(
            [
                {
                    "programme": code,
                    "name_zh": text if v.has_cjk(text) else None,
                    "name_en": None if v.has_cjk(text) else text,
                    "year": firsts.get(text, [None])[0],
                    "source_id": None,
                    "source_lines": None,
                    "quote": None,
                    "basis": UPLOAD_BASIS,
                    "note": None,
                }
                for text, code in created.items()
            ]
        )
        for text, code in created.items():
            cells.problems.add("new_programme", INFO, None, cells.headers.get("programme"), value=text, assigned=code)
    gazetteer = reference.gazetteer
    city_field = lambda field_name: v.map_unique(  # noqa: E731
        codes, lambda code: None if code is None else gazetteer.city(code).get(field_name)
    )
    printed = cells.text("place")
    stored = pa.table(
        {
            "programme": programmes,
            "place_code": codes,
            "printed_name": printed,
            "place_name_zh": pc.if_else(pc.equal(levels, "city"), city_field("name_zh"), printed),
            "place_name_en": pc.if_else(pc.equal(levels, "city"), city_field("name_en"), pa.scalar(None, pa.string())),
            "level": levels,
            "region": pa.nulls(cells.count, pa.string()),
            "country": city_field("country"),
            "province_code": city_field("province_code"),
            "batch_label": cells.text("batch"),
            "year": years,
            **_provenance(cells),
        }
    )
    return stored, cells.rows


def build_carbon_targets(plan: Plan, cells: v.Cells, codes: pa.Array, reference: Reference):
    kind = plan.kind
    status = v.to_choice(cells, kind.column("peak_status"))
    peak = v.to_year(cells, kind.column("peak_year")) if cells.has("peak_year") else pa.nulls(cells.count, pa.int32())
    neutral = (
        v.to_year(cells, kind.column("neutrality_year"))
        if cells.has("neutrality_year")
        else pa.nulls(cells.count, pa.int32())
    )
    dated = pc.is_in(status, pa.array(["achieved", "target"])).to_numpy(zero_copy_only=False)
    no_year = dated & ~pc.is_valid(peak).to_numpy(zero_copy_only=False) & ~cells.nonempty_mask("peak_year")
    cells.report(no_year, "peak_year_required", "peak_year" if cells.has("peak_year") else "peak_status")
    early = pc.fill_null(pc.less(neutral, peak), False).to_numpy(zero_copy_only=False)
    cells.report(early, "neutrality_before_peak", "neutrality_year")
    stored = pa.table(
        {
            "subject": v.constant("city", cells.count),
            **_city_columns(plan, cells, codes, "city"),
            "tier": pa.nulls(cells.count, pa.string()),
            "peak_status": status,
            "peak_year": peak,
            "peak_month": pa.nulls(cells.count, pa.int32()),
            "peak_qualifier": v.to_choice(cells, kind.column("peak_qualifier"))
            if cells.has("peak_qualifier")
            else pa.nulls(cells.count, pa.string()),
            "neutrality_year": neutral,
            "neutrality_qualifier": v.to_choice(cells, kind.column("neutrality_qualifier"))
            if cells.has("neutrality_qualifier")
            else pa.nulls(cells.count, pa.string()),
            **_provenance(cells),
        }
    )
    return stored, cells.rows


def build_scenario_coverage(plan: Plan, cells: v.Cells, codes: pa.Array, reference: Reference):
    scenarios = reference.scenarios
    values, frameworks = cells.text("scenario"), cells.text("framework")
    pairs: dict[tuple, tuple | None] = {}
    keys = pc.binary_join_element_wise(pc.fill_null(values, ""), pc.fill_null(frameworks, ""), "\x1f")
    for key in set(pc.unique(keys).to_pylist()):
        name, framework = key.split("\x1f")
        if not name:
            continue
        wanted = choice_key(name)
        found = scenarios[
            [
                wanted in {choice_key(str(row.get(f) or "")) for f in ("scenario", "name_zh", "name_en")}
                for row in scenarios.to_dict("records")
            ]
        ]
        if framework:
            frameworks = [choice_key(str(f)) for f in found["framework"]]
            found = found[[f == choice_key(framework) for f in frameworks]]
        rows = np.flatnonzero(pc.equal(keys, key).to_numpy(zero_copy_only=False))
        mask = np.zeros(cells.count, dtype=bool)
        mask[rows] = True
        if len(found) == 1:
            pairs[key] = (found.iloc[0]["framework"], found.iloc[0]["scenario"])
        elif len(found) > 1:
            cells.report(
                mask, "scenario_ambiguous", "scenario", frameworks=", ".join(sorted(found["framework"].astype(str)))
            )
        else:
            names = sorted({str(x) for x in scenarios["name_zh"].dropna()} | {str(x) for x in scenarios["scenario"]})
            import difflib

            close = difflib.get_close_matches(name, names, n=5, cutoff=0.3)
            cells.report(mask, "scenario_unknown", "scenario", candidates=", ".join(close) or "—")
    framework_codes = v.map_unique(keys, lambda k: (pairs.get(k) or (None, None))[0])
    scenario_codes = v.map_unique(keys, lambda k: (pairs.get(k) or (None, None))[1])
    evidence = cells.text("evidence")
    cjk = v.map_unique(evidence, lambda e: v.has_cjk(e), pa.bool_())
    stored = pa.table(
        {
            **_city_columns(plan, cells, codes, "city"),
            "framework": framework_codes,
            "scenario": scenario_codes,
            "evidence_zh": pc.if_else(pc.fill_null(cjk, False), evidence, pa.scalar(None, pa.string())),
            "evidence_en": pc.if_else(pc.fill_null(cjk, False), pa.scalar(None, pa.string()), evidence),
            **_provenance(cells),
        }
    )
    return stored, cells.rows


def build_city_metrics(plan: Plan, cells: v.Cells, codes: pa.Array, reference: Reference):
    kind = plan.kind
    values = v.to_number(cells, kind.column("value"))
    years = v.to_year(cells, kind.column("year"))
    units = cells.text("unit")
    percent = v.map_unique(units, lambda u: u is not None and u.strip().casefold() in PERCENT_UNITS, pa.bool_())
    v.check_range(
        cells,
        kind.column("value"),
        values,
        0,
        100,
        "percent_range",
        applies=pc.fill_null(percent, False).to_numpy(zero_copy_only=False),
    )
    metric_text = cells.text("metric")
    lookup = _lookup(reference.metrics, "metric", "label_zh", "label_en")

    def metric_code(text: str, taken: set[str]) -> str:
        return v.slug(text) or re.sub(r"\s+", "_", text.strip())[:60]

    metrics, created = _resolve_catalog(metric_text, lookup, metric_code)
    metric_codes = v.encoded(metrics)  # encoded once for the label lookups below
    labels = cells.text("label")
    known_labels = {
        row["metric"]: (_text(row["label_zh"]), _text(row["label_en"])) for row in reference.metrics.to_dict("records")
    }
    firsts = _first_per_value(metric_codes, labels, metric_text)

    def label(code, language):
        if code is None:
            return None
        if code in known_labels and known_labels[code][0 if language == "zh" else 1]:
            return known_labels[code][0 if language == "zh" else 1]
        given, written = firsts.get(code, [None, None])
        for text in (given, written):
            if text and (v.has_cjk(text) == (language == "zh")):
                return text
        return (given or written) if language == "zh" else None  # no English label: pages fall back to Chinese

    for text, code in created.items():
        cells.problems.add("new_metric", INFO, None, cells.headers.get("metric"), value=text, assigned=code)
    stored = pa.table(
        {
            **_city_columns(plan, cells, codes, "city"),
            "metric": metrics,
            "label_zh": v.map_unique(metric_codes, lambda c: label(c, "zh")),
            "label_en": v.map_unique(metric_codes, lambda c: label(c, "en")),
            "value": values,
            "value_text": pa.nulls(cells.count, pa.string()),
            "unit": units,
            "period": cells.text("period"),
            "year": years,
            **_provenance(cells),
        }
    )
    return stored, cells.rows


BUILDERS = {
    "rankings": build_rankings,
    "tiers": build_tiers,
    "pilots": build_pilots,
    "carbon_targets": build_carbon_targets,
    "scenario_coverage": build_scenario_coverage,
    "city_metrics": build_city_metrics,
}
