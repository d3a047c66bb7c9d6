"""Cell checks, vectorised so a million rows take a fraction of a second when they are clean.

Each check works on one mapped column (pyarrow strings, trimmed) and records a problem for every
bad cell with its spreadsheet row and the analyst's header. A fast pyarrow cast is tried first; only
when it fails are the cells examined one rule at a time to say which ones are wrong and why.
"""

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from queries.ingest.kinds import YEAR_MAX, YEAR_MIN, Column, choice_key, choice_lookup
from queries.ingest.problems import ERROR, WARNING, ProblemList

_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_INTEGER = r"^[+-]?\d+(\.0*)?$"
_HTML = r"<\s*[A-Za-z!/][^>]*>"
FORMULA_PREFIX = "="
SCAN_BLOCK = 1 << 20
TRUE_WORDS = {"true", "yes", "y", "1", "是", "主", "主要", "对", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "次", "次要", "非", "f"}


class Cells:
    """The mapped columns of one upload, the rows they came from, and the rows found bad so far."""

    def __init__(self, columns: dict[str, pa.Array], headers: dict[str, str], rows: pa.Array, problems: ProblemList):
        self.columns = columns  # canonical name -> trimmed strings ('' when empty)
        self.headers = headers  # canonical name -> the file's header, for messages
        self.rows = rows
        self.row_list = rows.to_numpy(zero_copy_only=False)
        self.count = len(rows)
        self.bad = np.zeros(self.count, dtype=bool)
        self.problems = problems
        self._text: dict[str, pa.Array] = {}
        self._nonempty: dict[str, np.ndarray] = {}

    def has(self, name: str) -> bool:
        return name in self.columns

    def text(self, name: str) -> pa.Array:
        """Trimmed text with empty cells as nulls (a column the file lacks is all null)."""
        if name not in self.columns:
            return pa.nulls(self.count, pa.string())
        if name not in self._text:
            values = self.columns[name]
            empty = pc.equal(values, "")
            if not pc.any(empty).as_py():
                self._text[name] = values  # no empty cell: the same array, nothing copied
            elif pc.all(empty).as_py():
                self._text[name] = pa.nulls(self.count, pa.string())
            else:
                self._text[name] = pc.if_else(empty, pa.scalar(None, pa.string()), values)
        return self._text[name]

    def report(self, mask: np.ndarray, code: str, name: str, severity: str = ERROR, values=None, **params) -> None:
        """A problem for every row where `mask` is true (values: the cells to quote)."""
        indices = np.flatnonzero(mask)
        if not len(indices):
            return
        if severity == ERROR:
            self.bad[indices] = True
        header = self.headers.get(name, name)
        listed = indices[: self.problems.room(code, header, severity)]  # the rest are only counted
        if values is None and name in self.columns:
            values = self.columns[name]
        cells = values.take(pa.array(listed)).to_pylist() if values is not None else [None] * len(listed)
        for index, value in zip(listed, cells):
            self.problems.add(code, severity, int(self.row_list[index]), header, value=value, **params)
        self.problems.add_counted(code, severity, header, len(indices) - len(listed))

    def nonempty_mask(self, name: str) -> np.ndarray:
        if name not in self.columns:
            return np.zeros(self.count, dtype=bool)
        if name not in self._nonempty:
            mask = pc.not_equal(self.columns[name], "").to_numpy(zero_copy_only=False)
            mask.setflags(write=False)
            self._nonempty[name] = mask
        return self._nonempty[name]


def trimmed(values: pa.Array) -> pa.Array:
    """Cells without surrounding white space (Unicode: also ideographic and no-break spaces).
    When no cell had any, the input array itself (the trimmed copy is let go at once)."""
    if not _may_hold_space(values):
        return values
    result = pc.utf8_trim_whitespace(values)
    return values if _text_bytes(result) == _text_bytes(values) else result


def _may_hold_space(values: pa.Array) -> bool:
    """False when no cell holds any white space: no ASCII byte up to 0x20 and no lead byte C2–E3
    (every Unicode space, U+0085 … U+3000, is encoded with one of those). A scan of the text, a
    fraction of the cost of trimming a column that needs none."""
    return _any_byte(values, lambda block: (block <= 0x20).any() or ((block >= 0xC2) & (block <= 0xE3)).any())


def _any_byte(values: pa.Array | pa.ChunkedArray, test) -> bool:
    """Whether `test` holds for some block of the UTF-8 text bytes (scanned 1 MB at a time, so the
    scratch arrays stay small). A sliced array is scanned with the bytes around its slice: a test
    may answer True for them, never False wrongly."""
    for chunk in values.chunks if isinstance(values, pa.ChunkedArray) else [values]:
        buffers = chunk.buffers()
        data = buffers[2] if len(buffers) > 2 else None
        if data is None:
            continue
        text = np.frombuffer(data, dtype=np.uint8)
        for start in range(0, len(text), SCAN_BLOCK):
            if test(text[start : start + SCAN_BLOCK]):
                return True
    return False


def _text_bytes(values: pa.Array) -> int:
    """Bytes of text in a string array (trimming only ever removes bytes)."""
    buffer = values.buffers()[1]
    if buffer is None or not len(values):
        return 0
    offsets = np.frombuffer(buffer, dtype=np.int64 if pa.types.is_large_string(values.type) else np.int32)
    return int(offsets[values.offset + len(values)] - offsets[values.offset])


def constant(value, count: int, type_: pa.DataType | None = None) -> pa.Array:
    """`value` on every row, built in C++ (no per-row Python objects)."""
    return pa.repeat(pa.scalar(value, type_ or pa.string()), count)


def may_contain(values: pa.Array, char: str) -> bool:
    """False when no cell contains the ASCII `char` (a scan of the bytes, before a string kernel)."""
    byte = ord(char)
    return _any_byte(values, lambda block: (block == byte).any())


def encoded(values: pa.Array) -> pa.DictionaryArray:
    """`values` dictionary-encoded (once: an encoded array is passed through)."""
    return values if pa.types.is_dictionary(values.type) else pc.dictionary_encode(values)


def first_positions(values: pa.Array) -> dict:
    """Distinct value -> index of its first row."""
    encoded_values = encoded(values)
    dictionary = encoded_values.dictionary.to_pylist()
    codes = pc.fill_null(encoded_values.indices, len(dictionary)).to_numpy(zero_copy_only=False)
    first = np.full(len(dictionary) + 1, len(values), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(values), dtype=np.int64))
    return {value: int(first[code]) for code, value in enumerate(dictionary) if first[code] < len(values)}


def _folded(values: pa.Array) -> pa.Array:
    """Full-width digits and signs as ASCII (１２３ → 123); thousands separators removed."""
    if not pc.all(pc.string_is_ascii(values)).as_py():
        values = pc.utf8_normalize(values, "NFKC")
    if may_contain(values, ",") and pc.any(pc.match_substring(values, ",")).as_py():
        values = pc.replace_substring(values, ",", "")
    return values


# C0 controls other than tab, line feed and carriage return, DEL and the C1 controls: no analyst
# types them, and a NUL in a metric code silently merged it into another once its slug was made.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_CONTROL_CHARS = re.compile(_CONTROL)


def _may_hold_control(values: pa.Array) -> bool:
    """False when no byte could start a control character (a scan, before the regex kernel)."""

    def test(block: np.ndarray) -> bool:
        low = (block < 0x20) & (block != 0x09) & (block != 0x0A) & (block != 0x0D)
        return bool(low.any() or (block == 0x7F).any() or (block == 0xC2).any())

    return _any_byte(values, test)


def check_control_characters(cells: Cells) -> None:
    """A cell holding a control character (NUL, …) is refused: it is either an export fault or an
    attempt to make two different codes look alike."""
    for name, values in cells.columns.items():
        if _may_hold_control(values) and pc.any(pc.match_substring_regex(values, _CONTROL)).as_py():
            mask = pc.match_substring_regex(values, _CONTROL).to_numpy(zero_copy_only=False)
            shown = map_unique(values, lambda v: None if v is None else _escaped(v))  # the control made visible
            cells.report(mask, "control_character", name, values=shown)


def _escaped(text: str) -> str:
    return repr(text)[1:-1][:80]


def check_headers(headers: list[str], header_row: int, problems: ProblemList) -> None:
    for index, header in enumerate(headers):
        if _CONTROL_CHARS.search(header):
            problems.add("control_character", ERROR, header_row, f"#{index + 1}", value=_escaped(header))


def check_template_example(cells: Cells, columns: tuple[Column, ...]) -> None:
    """A row that is exactly a template's example row (either language) passes every check, so it
    would be committed as if it were data: it is flagged for the analyst to delete."""
    for language in ("zh", "en"):
        mask = np.ones(cells.count, dtype=bool)
        compared = 0
        for column in columns:
            if not cells.has(column.name):
                continue
            example = column.example_zh if language == "zh" else column.example_en
            mask &= pc.equal(cells.columns[column.name], example).to_numpy(zero_copy_only=False)
            compared += bool(example)
        if compared >= 3 and mask.any():
            cells.report(mask, "template_example", next(iter(cells.columns)), severity=WARNING)


def check_required(cells: Cells, column: Column) -> None:
    if column.required:
        empty = ~cells.nonempty_mask(column.name)
        cells.report(empty, "required_value", column.name)


def check_formulas_and_markup(cells: Cells, text_columns: set[str]) -> None:
    """A formula (=…) is refused; HTML-like text (in text columns) is stored as text and shown literally."""
    for name, values in cells.columns.items():
        if may_contain(values, FORMULA_PREFIX) and pc.any(pc.starts_with(values, FORMULA_PREFIX)).as_py():
            mask = pc.starts_with(values, FORMULA_PREFIX).to_numpy(zero_copy_only=False)
            cells.report(mask, "formula", name)
        if name in text_columns and may_contain(values, "<") and pc.any(pc.match_substring(values, "<")).as_py():
            mask = pc.match_substring_regex(values, _HTML).to_numpy(zero_copy_only=False)
            cells.report(mask, "markup", name, severity=WARNING)


def to_number(cells: Cells, column: Column) -> pa.Array:
    """float64 with nulls for empty or bad cells; bad ones reported as not_number."""
    present = cells.nonempty_mask(column.name)
    values = _folded(cells.text(column.name))
    percent = pc.fill_null(pc.ends_with(values, "%"), False) if may_contain(values, "%") else None
    if percent is not None and pc.any(percent).as_py():
        values = pc.replace_substring_regex(values, "%$", "")
        cells.report(percent.to_numpy(zero_copy_only=False), "percent_sign", column.name, severity=WARNING)
    try:
        numbers = pc.cast(values, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        valid = pc.fill_null(pc.match_substring_regex(values, _NUMBER), False)
        cells.report(present & ~valid.to_numpy(zero_copy_only=False), "not_number", column.name)
        numbers = pc.cast(pc.if_else(valid, values, pa.scalar(None, pa.string())), pa.float64())
    finite = pc.fill_null(pc.is_finite(numbers), True).to_numpy(zero_copy_only=False)
    if not finite.all():
        cells.report(~finite, "not_number", column.name)
        numbers = pc.if_else(pa.array(finite), numbers, pa.scalar(None, pa.float64()))
    return numbers


def to_integer(cells: Cells, column: Column, code: str = "not_integer") -> pa.Array:
    """int64 with nulls for empty or bad cells ('2023.0' from Excel is 2023)."""
    present = cells.nonempty_mask(column.name)
    values = _folded(cells.text(column.name))
    try:
        return pc.cast(values, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        valid = pc.fill_null(pc.match_substring_regex(values, _INTEGER), False)
        cells.report(present & ~valid.to_numpy(zero_copy_only=False), code, column.name)
        kept = pc.if_else(valid, values, pa.scalar(None, pa.string()))
        return pc.cast(pc.cast(kept, pa.float64()), pa.int64())


def check_range(cells: Cells, column: Column, numbers: pa.Array, low, high, code: str, applies=None) -> None:
    if low is not None and high is not None:
        outside = pc.or_(pc.less(numbers, low), pc.greater(numbers, high))
    elif low is not None:
        outside = pc.less(numbers, low)
    else:
        outside = pc.greater(numbers, high)
    outside = pc.fill_null(outside, False).to_numpy(zero_copy_only=False)
    if applies is not None:
        outside = outside & applies
    cells.report(outside, code, column.name, low=low, high=high)


def to_year(cells: Cells, column: Column) -> pa.Array:
    years = to_integer(cells, column, "not_year")
    check_range(cells, column, years, YEAR_MIN, YEAR_MAX, "year_range")
    return pc.cast(years, pa.int32())


def to_rank(cells: Cells, column: Column) -> pa.Array:
    ranks = to_integer(cells, column, "not_rank")
    check_range(cells, column, ranks, 1, None, "rank_positive")
    return ranks


def map_unique(values: pa.Array, function, result_type: pa.DataType | None = None) -> pa.Array:
    """Apply a Python function to each distinct value (a million rows, a few hundred distinct).
    `values` may be passed dictionary-encoded (see encoded()) when several functions map it."""
    encoded_values = encoded(values)
    mapped = pa.array([function(v) for v in encoded_values.dictionary.to_pylist()], result_type or pa.string())
    return mapped.take(encoded_values.indices)


def to_choice(cells: Cells, column: Column, default: str | None = None) -> pa.Array:
    lookup = choice_lookup(column)
    values = cells.text(column.name)
    codes = map_unique(values, lambda v: lookup.get(choice_key(v)) if v is not None else None)
    bad = pc.and_(pc.is_valid(values), pc.is_null(codes)).to_numpy(zero_copy_only=False)
    allowed = " / ".join(f"{code} ({spellings[0]})" for code, spellings in column.choices.items())
    cells.report(bad, "bad_choice", column.name, allowed=allowed)
    if default is not None:
        codes = pc.if_else(pc.is_null(values), default, codes)
    return codes


def to_flag(cells: Cells, column: Column, default: bool) -> pa.Array:
    values = cells.text(column.name)

    def flag(value):
        if value is None:
            return default
        key = choice_key(value)
        return True if key in TRUE_WORDS else False if key in FALSE_WORDS else None

    flags = map_unique(values, flag, pa.bool_())
    cells.report(
        pc.and_(pc.is_valid(values), pc.is_null(flags)).to_numpy(zero_copy_only=False), "bad_flag", column.name
    )
    return pc.if_else(pc.is_null(values), default, flags)


def has_cjk(text: str | None) -> bool:
    return text is not None and bool(re.search(r"[\u3400-\u9fff\uf900-\ufaff]", text))


def slug(text: str) -> str:
    """An ASCII code for a catalogue entry ('CCID 2024' → ccid_2024); '' when the text is not ASCII."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    if not folded.isascii():
        return ""
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:60]
