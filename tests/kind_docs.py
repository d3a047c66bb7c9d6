"""Each dataset kind's section of docs/ingest.md, written from the Kind: tests/test_ingest_kinds.py
checks that the documentation holds exactly this text (and prints it when it does not)."""

from queries.ingest.kinds import CHOICE, FLAG, NUMBER, PLACE, RANK, TEXT, YEAR, YEAR_MAX, YEAR_MIN, Column, Kind

TYPES = {
    TEXT: "text",
    PLACE: "city name (matched)",
    YEAR: f"year {YEAR_MIN}–{YEAR_MAX}",
    RANK: "positive integer",
    NUMBER: "number",
    FLAG: "yes/no (是/否, 1/0)",
}


def _type(column: Column) -> str:
    if column.type == CHOICE:
        return "one of " + ", ".join(f"`{code}` ({spellings[0]})" for code, spellings in column.choices.items())
    return TYPES[column.type]


def kind_section(kind: Kind) -> str:
    rows = [
        f"| `{column.name}` | {'yes' if column.required else ''} | {_type(column)} | "
        + " / ".join(dict.fromkeys((column.header_zh, column.header_en, *column.synonyms)))
        + " |"
        for column in kind.columns
    ]
    return "\n".join(
        [
            f"### `{kind.name}` → table `{kind.table}`, shown on `/{kind.page}`",
            "",
            "| column | required | type | accepted headers (any case, spaces and a trailing unit in brackets ignored) |",
            "|---|---|---|---|",
            *rows,
            "",
            f"Key: `{', '.join(kind.key)}`; values compared: `{', '.join(kind.compare)}`. A row whose key is in "
            "force with the same values is unchanged (not stored again); with other values it is refused.",
        ]
    )
