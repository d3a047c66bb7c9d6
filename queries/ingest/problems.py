"""Problems found in an upload: a code, where it is (row and column) and the values to explain it.

The queries layer never writes sentences for people; texts.problems turns a problem into
Chinese or English (`problem.<code>` in texts/locales/*/ingest.toml). Rows are numbered as a
spreadsheet shows them: the header is row 1 of a CSV file, an Excel row keeps its sheet number.
"""

from dataclasses import asdict, dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"

# How many problems of one code and column are kept with their rows; the rest are counted.
EXAMPLES_PER_GROUP = 200


@dataclass
class Problem:
    code: str
    severity: str = ERROR
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class ProblemList:
    """Problems in the order found, with per-(code, column) caps so a bad 1M-row file stays small."""

    def __init__(self):
        self.items: list[Problem] = []
        self.counts: dict[tuple[str, str | None, str], int] = {}

    def add(
        self, code: str, severity: str = ERROR, row: int | None = None, column: str | None = None, **params
    ) -> None:
        group = (code, column, severity)
        self.counts[group] = self.counts.get(group, 0) + 1
        if self.counts[group] <= EXAMPLES_PER_GROUP:
            self.items.append(Problem(code, severity, row, column, params))

    def room(self, code: str, column: str | None = None, severity: str = ERROR) -> int:
        """How many more problems of this code, column and severity would still be listed."""
        return max(0, EXAMPLES_PER_GROUP - self.counts.get((code, column, severity), 0))

    def add_counted(self, code: str, severity: str, column: str | None, count: int) -> None:
        """`count` more problems of a group that are counted, not listed (beyond room())."""
        if count > 0:
            group = (code, column, severity)
            self.counts[group] = self.counts.get(group, 0) + count

    def extend(self, other: "ProblemList") -> None:
        for group, count in other.counts.items():
            self.counts[group] = self.counts.get(group, 0) + count
        self.items.extend(other.items)

    def has_errors(self) -> bool:
        return any(severity == ERROR for (_, _, severity) in self.counts)

    @property
    def error_count(self) -> int:
        return sum(count for (_, _, severity), count in self.counts.items() if severity == ERROR)

    @property
    def warning_count(self) -> int:
        return sum(count for (_, _, severity), count in self.counts.items() if severity != ERROR)

    @property
    def omitted(self) -> int:
        """Problems counted but not listed one by one."""
        return sum(self.counts.values()) - len(self.items)

    def sorted(self) -> list[Problem]:
        order = {ERROR: 0, WARNING: 1, INFO: 2}
        return sorted(self.items, key=lambda p: (order[p.severity], p.row or 0, p.column or "", p.code))

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)
