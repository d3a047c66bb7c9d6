"""Read the files analysts really have into a table of text cells.

CSV: UTF-8 (with or without BOM), UTF-16 (BOM or NUL-byte heuristic), GBK/GB18030 or Big5; `,` `;`
tab or `|`; quoted fields with embedded newlines. An encoding is never guessed: a legacy file is read
as GB18030 or Big5 only when its text clearly is one of them (legacy_encoding), and a UTF-8 file with
a row in another encoding is refused at that row and byte, not re-read whole in another encoding. A regular file takes pyarrow's multi-threaded parser
straight from the upload's bytes (no copy); another encoding is decoded by pyarrow's read-ahead
thread while the parser works on earlier blocks (DuckDB cannot read GBK: it returns 0 rows without
an error; and its reader measured slower here, as it needs the bytes written to a file first). An
irregular file (ragged or blank rows, invalid bytes) is decoded in Python and re-read with Python's
csv module, so that every problem carries its exact row number.

Excel: .xlsx streamed by queries.ingest.xlsx (limits on rows, cell length and expanded size are
enforced while it reads), first sheet or a chosen one; formulas are kept as their text (=SUM(...))
so validation can refuse them; merged header cells are reported.

Every cell comes out as text ('' when empty); types are checked later (queries.ingest.validate).
"""

import codecs
import collections
import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from queries.ingest import xlsx
from queries.ingest.problems import ERROR, ProblemList

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "big5")
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 1 << 16
DECODE_CHUNK = 1 << 23
PARSE_BLOCK = 1 << 22  # 4 MB: enough blocks to keep both parser threads busy
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
# A byte other than white space, NUL or a byte-order mark: the file is not empty (found at once,
# where bytes.strip would copy the whole file first).
_CONTENT = re.compile(b"[^" + re.escape(b" \t\r\n\x00" + codecs.BOM_UTF8 + codecs.BOM_UTF16_LE) + b"]")


@dataclass
class ReadOptions:
    encoding: str | None = None  # None = detect
    delimiter: str | None = None  # None = detect
    sheet: str | None = None  # None = first sheet


@dataclass
class Limits:
    max_bytes: int
    max_rows: int
    max_unzipped_bytes: int = 1 << 30  # what an .xlsx may expand to (its XML parts that are read)


@dataclass
class RawTable:
    """Text cells of one file: headers, columns c0..cN, and each row's spreadsheet row number."""

    format: str = "csv"
    encoding: str | None = None
    encoding_detected: bool = True
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    header_row: int = 1
    table: pa.Table | None = None
    rows: pa.Array | None = None
    problems: ProblemList = field(default_factory=ProblemList)

    @property
    def row_count(self) -> int:
        return 0 if self.table is None else self.table.num_rows


def _noop(fraction: float, stage: str) -> None:
    pass


def is_excel(file_name: str, data: bytes) -> bool:
    return file_name.lower().endswith(EXCEL_SUFFIXES) or (
        data[:4] == ZIP_MAGIC and not file_name.lower().endswith(".csv")
    )


def read_upload(
    data: bytes, file_name: str, options: ReadOptions | None = None, limits: Limits | None = None, progress=_noop
) -> RawTable:
    options = options or ReadOptions()
    raw = RawTable()
    if limits and len(data) > limits.max_bytes:
        raw.problems.add("too_large", size_mb=f"{len(data) / 2**20:.3g}", limit_mb=f"{limits.max_bytes / 2**20:.3g}")
        return raw
    if file_name.lower().endswith(".xls"):
        raw.problems.add("old_excel")
        return raw
    if is_excel(file_name, data):
        _read_excel(data, options, raw, limits, progress)
    else:
        _read_csv(data, options, raw, progress)
    if raw.table is not None:
        _check_cell_lengths(raw)
    if raw.problems.has_errors():
        return raw
    if not raw.headers:
        raw.problems.add("empty_file")
    elif raw.row_count == 0:
        raw.problems.add("header_only", row=raw.header_row)
    elif limits and raw.row_count > limits.max_rows:
        raw.problems.add("too_many_rows", rows=raw.row_count, limit=limits.max_rows)
    return raw


def _check_cell_lengths(raw: RawTable) -> None:
    """No cell longer than Excel allows (32,767 characters), whatever the format: such text breaks
    the pages that show it and no spreadsheet could have produced it."""
    assert raw.table is not None
    for index, column in enumerate(raw.table.columns):
        if not len(column) or pc.max(pc.binary_length(column)).as_py() <= xlsx.MAX_CELL_CHARS:
            continue  # no cell has more bytes, so none has more characters
        too_long = np.flatnonzero(
            pc.greater(pc.utf8_length(column), xlsx.MAX_CELL_CHARS).to_numpy(zero_copy_only=False)
        )
        header = raw.headers[index] if index < len(raw.headers) else f"#{index + 1}"
        for position in too_long:
            row = int(raw.rows[position].as_py()) if raw.rows is not None else None
            raw.problems.add("cell_too_long", ERROR, row, header, limit=f"{xlsx.MAX_CELL_CHARS:,}")


# --- CSV ---------------------------------------------------------------------------------------


def detect_encoding(data: bytes) -> str | None:
    """utf-8-sig / utf-16 by BOM, utf-16 by NUL bytes, utf-8 when the sample decodes, else the legacy
    Chinese encoding the text clearly reads as (legacy_encoding); None when that is unclear."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:SAMPLE_BYTES]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / (len(sample) / 2)
        odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
        if odd_nuls > 0.1 and even_nuls < 0.02:
            return "utf-16-le"
        if even_nuls > 0.1 and odd_nuls < 0.02:
            return "utf-16-be"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if len(data) > SAMPLE_BYTES and error.start >= len(sample) - 4:  # a character cut by the sample edge
            return "utf-8"
    return legacy_encoding(data)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _in_big5_common(char: str) -> bool:
    """Big5 symbols and its 5,401 frequent characters (lead bytes A1–C6)."""
    try:
        encoded = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xA1 <= encoded[0] <= 0xC6


# Which legacy encodings are told apart, and the characters that text in each is made of: GBK
# exports of simplified Chinese use GB2312's 6,763 characters almost only; Big5 files use its
# frequent block. The same bytes read the other way give mostly rare or invalid characters
# (measured: Big5 text read as GB18030 is ~40% GB2312; GBK text is not valid Big5).
LEGACY_ENCODINGS = (("gb18030", _in_gb2312), ("big5", _in_big5_common))
LEGACY_CONFIDENT = 0.9
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def legacy_encoding(data: bytes, start: int = 0) -> str | None:
    """gb18030 or big5 when the non-ASCII text from `start` (the first SAMPLE_BYTES of it, from a line
    start) clearly reads as that encoding and not the other; None when it is unclear. Never a guess:
    GB18030 decodes almost any bytes, so decoding without error proves nothing by itself."""
    found = _NON_ASCII.search(data, start)
    if found is None:
        return "gb18030"  # ASCII only: every candidate reads it the same
    begin = data.rfind(b"\n", 0, found.start()) + 1  # a line start is a character start in both
    end = begin + SAMPLE_BYTES
    if end < len(data):
        end = data.rfind(b"\n", begin, end) + 1 or end
    sample = data[begin:end]
    scores = {}
    for encoding, plausible in LEGACY_ENCODINGS:
        try:
            text = codecs.getincrementaldecoder(encoding)(errors="strict").decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        counts = collections.Counter(char for char in text if ord(char) > 127)
        total = sum(counts.values())
        scores[encoding] = sum(n for char, n in counts.items() if plausible(char)) / total if total else 0.0
    confident = [encoding for encoding, score in scores.items() if score >= LEGACY_CONFIDENT]
    return confident[0] if len(confident) == 1 else None


def _row_of_offset(data: bytes, offset: int, encoding: str) -> int:
    newline = "\n".encode(encoding.replace("-sig", "")) if encoding.startswith("utf-16") else b"\n"
    return data.count(newline, 0, offset) + 1


def _decode_until(data: bytes, encoding: str, progress) -> tuple[str | None, int]:
    """(text, -1), or (None, offset of the first byte that is not `encoding`); decoded in chunks."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    parts = []
    total = max(len(data), 1)
    for start in range(0, len(data), DECODE_CHUNK):
        chunk = data[start : start + DECODE_CHUNK]
        final = start + DECODE_CHUNK >= len(data)
        try:
            parts.append(decoder.decode(chunk, final=final))
        except UnicodeDecodeError as error:
            return None, start + error.start
        progress(0.3 * min(1.0, (start + len(chunk)) / total), "decode")
    if not data:
        decoder.decode(b"", final=True)
    text = "".join(parts)
    return (text[1:] if text.startswith("\ufeff") else text), -1


def _decode(data: bytes, encoding: str, raw: RawTable, progress) -> str | None:
    """Text of `data`; None and a problem (row, byte offset, bytes) when it is not `encoding`."""
    text, offset = _decode_until(data, encoding, progress)
    if text is None:
        raw.problems.add(
            "encoding_invalid",
            row=_row_of_offset(data, offset, encoding),
            encoding=encoding,
            offset=offset,
            bytes=data[offset : offset + 4].hex(" "),
        )
    return text


def _decode_detected_utf8(data: bytes, raw: RawTable, progress) -> str | None:
    """A file whose first SAMPLE_BYTES read as UTF-8. When a later byte is not UTF-8: a file that was
    ASCII up to there is a legacy file (read as the encoding it clearly is, or refused as unclear);
    a file with UTF-8 text before that byte is mixed (a row pasted from a GBK or Big5 file) and is
    refused with the row and byte, never re-read whole in another encoding."""
    text, offset = _decode_until(data, "utf-8-sig", progress)
    if text is not None:
        return text
    row = _row_of_offset(data, offset, "utf-8")
    if not data[:offset].isascii():
        raw.problems.add("encoding_mixed", row=row, offset=offset, bytes=data[offset : offset + 4].hex(" "))
        return None
    encoding = legacy_encoding(data, offset)
    if encoding is None:
        raw.problems.add("encoding_unclear", row=row, offset=offset, bytes=data[offset : offset + 4].hex(" "))
        return None
    raw.encoding = encoding
    return _decode(data, encoding, raw, progress)


def _sample_records(text: str, delimiter: str, limit: int = 50) -> list[list[str]]:
    sample = text[:SAMPLE_BYTES]
    records = []
    try:
        for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False):
            records.append(record)
            if len(records) > limit:
                break
    except csv.Error:
        return records
    if len(sample) < len(text) and len(records) > 1:
        records = records[:-1]  # the last sampled record may be cut off
    return records


def detect_delimiter(text: str) -> str:
    """The candidate that splits the header into several fields and most rows into as many."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        records = [r for r in _sample_records(text, delimiter) if r]
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        score = (sum(len(r) == width for r in records), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _clean_header(value: str) -> str:
    return str(value).replace("\ufeff", "").strip()


def _sample_text(data: bytes, encoding: str, raw: RawTable, progress) -> str | None:
    """The first SAMPLE_BYTES decoded (for the header and the delimiter); None and a problem when invalid."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return decoder.decode(data[:SAMPLE_BYTES], final=len(data) <= SAMPLE_BYTES)
    except UnicodeDecodeError:
        return _decode(data, encoding, raw, progress)  # decodes up to the bad bytes and says where


def _read_csv(data: bytes, options: ReadOptions, raw: RawTable, progress) -> None:
    raw.format = "csv"
    if not _CONTENT.search(data):
        raw.problems.add("empty_file")
        return
    raw.encoding_detected = options.encoding is None
    encoding = options.encoding or detect_encoding(data)
    if encoding is None:
        first = _NON_ASCII.search(data)
        offset = first.start() if first else 0
        raw.problems.add(
            "encoding_unclear",
            row=_row_of_offset(data, offset, "utf-8"),
            offset=offset,
            bytes=data[offset : offset + 4].hex(" "),
        )
        return
    raw.encoding = encoding
    progress(0.02, "decode")
    utf8 = encoding in ("utf-8", "utf-8-sig")
    if utf8:
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        source = pa.py_buffer(data).slice(bom)  # no copy
        text_sample = data[bom : bom + SAMPLE_BYTES].decode("utf-8", errors="ignore")
    else:
        # pyarrow decodes in its read-ahead thread while its parser works on earlier blocks.
        source = data
        sample = _sample_text(data, encoding, raw, progress)
        if sample is None:
            return
        text_sample = sample.removeprefix("\ufeff")
    delimiter = options.delimiter or detect_delimiter(text_sample)
    raw.delimiter = delimiter
    records = _sample_records(text_sample, delimiter, limit=1)
    if not records or not any(cell.strip() for cell in records[0]):
        raw.problems.add("empty_file")
        return
    raw.headers = [_clean_header(h) for h in records[0]]
    progress(0.35, "parse")
    table = _parse_fast(source, delimiter, len(raw.headers), None if utf8 else encoding, quoted=b'"' in data)
    if table is None:
        # The fast parser refused the file (irregular rows or invalid bytes): decode it in Python,
        # which says where and why, and read it record by record.
        if utf8 and raw.encoding_detected:
            text = _decode_detected_utf8(data, raw, progress)
        else:
            text = _decode(data, encoding, raw, progress)
        if text is None:
            return
        if raw.encoding != encoding:  # a legacy file whose first 64 KB happen to be ASCII
            table = _parse_fast(text.encode("utf-8"), delimiter, len(raw.headers))
        if table is None:
            table = _parse_slow(text, delimiter, raw)
            if table is None:
                return
    if raw.rows is None:
        raw.rows = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
    raw.table = table
    progress(0.5, "parse")


def _parse_fast(
    source, delimiter: str, width: int, encoding: str | None = None, quoted: bool = True
) -> pa.Table | None:
    """pyarrow's multi-threaded parser for a regular file; None when any row is irregular or a byte
    is invalid in `encoding` (None: the source is UTF-8). `quoted=False` (no '"' byte in the file,
    so no quoted line breaks; no encoding offered here hides a '"' inside another character) lets
    pyarrow split blocks on line ends, a quarter faster."""
    names = [f"c{i}" for i in range(width)]
    irregular = []

    def note_invalid(row) -> str:
        irregular.append(row)
        return "skip"

    read_options = pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=PARSE_BLOCK)
    if encoding is not None:
        read_options.encoding = encoding
    try:
        table = pacsv.read_csv(
            pa.BufferReader(source),
            read_options=read_options,
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
                invalid_row_handler=note_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeError):
        return None
    if irregular:
        return None
    if width > 1 and pc.any(pc.equal(table.column(0), "")).as_py():
        blank = pc.equal(table.column(0), "")
        for column in table.columns[1:]:
            blank = pc.and_(blank, pc.equal(column, ""))
        if pc.any(blank).as_py():
            return None  # blank lines: the slow reader skips them and keeps every row's number
    return table


def _parse_slow(text: str, delimiter: str, raw: RawTable) -> pa.Table | None:
    """Python's csv module: exact record numbers for ragged rows; blank rows are skipped."""
    width = len(raw.headers)
    columns: list[list[str]] = [[] for _ in range(width)]
    rows: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        for number, record in enumerate(reader, start=1):
            if number == 1:
                continue
            if not any(cell.strip() for cell in record):
                continue  # a blank line, or a row of empty cells as Excel exports them (,,,,,)
            if len(record) != width:
                extra = record[width:]
                if len(record) > width and not any(cell.strip() for cell in extra):
                    record = record[:width]  # a trailing delimiter
                else:
                    raw.problems.add("ragged_row", row=number, expected=width, found=len(record))
                    continue
            rows.append(number)
            for index, cell in enumerate(record):
                columns[index].append(cell)
    except csv.Error as error:
        raw.problems.add("csv_syntax", row=reader.line_num, detail=str(error))
        return None
    raw.rows = pa.array(rows, pa.int64())
    return pa.table({f"c{i}": pa.array(values, pa.string()) for i, values in enumerate(columns)})


# --- Excel ---------------------------------------------------------------------------------------


def _read_excel(data: bytes, options: ReadOptions, raw: RawTable, limits: Limits | None, progress) -> None:
    """The first (or chosen) sheet through queries.ingest.xlsx, which enforces the limits while it
    streams; the first row with a value is the header; rows without a value are skipped."""
    raw.format = "xlsx"
    try:
        book = xlsx.open_workbook(io.BytesIO(data))
        raw.sheets = list(book.sheets)
        if not raw.sheets:
            raise xlsx.ExcelProblem("excel_unreadable", detail="no worksheet")
        sheet = options.sheet or raw.sheets[0]
        if sheet not in book.sheets:
            raw.problems.add("sheet_missing", sheet=sheet, sheets=", ".join(raw.sheets))
            return
        raw.sheet = sheet
        if limits:
            xlsx.check_parts(book, sheet, limits.max_rows, limits.max_unzipped_bytes)
        strings = xlsx.read_shared_strings(book)
        read = xlsx.read_sheet(book, sheet, strings, lambda fraction: progress(0.5 * fraction, "parse"))
        header: list[str] | None = None
        width = 0
        columns: list[list[str]] = []
        rows: list[int] = []
        for sheet_row in read.rows:
            cells = sheet_row.cells
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                while cells and not cells[-1].strip():
                    cells.pop()
                header = [_clean_header(cell) for cell in cells]
                raw.header_row = sheet_row.number
                width = len(header)
                columns = [[] for _ in range(width)]
                continue
            extra = cells[width:]
            if any(cell.strip() for cell in extra):
                found = width + max(i + 1 for i, c in enumerate(extra) if c.strip())
                raw.problems.add("ragged_row", row=sheet_row.number, expected=width, found=found)
                continue
            if limits and len(rows) >= limits.max_rows:
                raise xlsx.ExcelProblem("too_many_rows_excel", limit=limits.max_rows)
            cells = (cells + [""] * width)[:width]
            rows.append(sheet_row.number)
            for index, cell in enumerate(cells):
                columns[index].append(cell)
    except xlsx.ExcelProblem as problem:
        raw.problems.add(problem.code, ERROR, problem.row, problem.column, **problem.params)
        return
    if header is None:
        raw.problems.add("empty_file")
        return
    raw.headers = header
    for first_col, first_row, last_col, last_row in read.merged:
        if first_row <= raw.header_row <= last_row:
            raw.problems.add("merged_header", row=raw.header_row, cells=f"{first_col}{first_row}:{last_col}{last_row}")
    raw.rows = pa.array(rows, pa.int64())
    raw.table = pa.table({f"c{i}": pa.array(values, pa.string()) for i, values in enumerate(columns)})
