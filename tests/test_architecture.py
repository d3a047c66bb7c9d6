"""The house rules the code relies on: floors run one way (app → app_pages → components → queries →
texts), only queries/ talks to DuckDB, SQL lives in named files."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_CODE = [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "components").glob("*.py")]
QUERY_CODE = list((ROOT / "queries").rglob("*.py"))
TEXT_CODE = list((ROOT / "texts").rglob("*.py"))
# The one queries/ module that imports Streamlit: the cache (queries/cache.py), to know which script run asks.
STREAMLIT_CACHE_MODULE = ROOT / "queries" / "cache.py"
SQL_TEXT = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE)\b.+\b(FROM|INTO|SET|TABLE|VIEW)\b", re.S)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


PACKAGES = ("app_pages", "components", "queries", "texts")


def project_modules() -> dict[str, Path]:
    """Every module of the app by dotted name: app, app_pages.*, components.*, queries.*, texts.*."""
    modules = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def project_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports, at the top or inside a function ("from a import b" names
    module a.b when that is a module, else a)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                if name in modules:
                    found.add(name)
                elif node.module in modules:
                    found.add(node.module)
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (or a module importing itself): Tarjan."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_import_cycle_detection_finds_a_cycle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_anywhere_in_the_project():
    """Floors run one way; a deferred import inside a function counts as an import too."""
    modules = project_modules()
    graph = {name: project_imports(path, modules) for name, path in modules.items()}
    assert import_cycles(graph) == []


FLOORS = {"app": 0, "app_pages": 1, "components": 2, "queries": 3, "texts": 4}


def test_floors_run_one_way():
    """app → app_pages → components → queries → texts: nothing imports a floor above its own."""
    modules = project_modules()
    upward = [
        f"{name} imports {target}"
        for name, path in modules.items()
        for target in sorted(project_imports(path, modules))
        if FLOORS[target.split(".")[0]] < FLOORS[name.split(".")[0]]
    ]
    assert upward == []


def test_a_page_s_views_never_reach_into_another_page_s_views():
    """components/<page>_views.py serve one page; what two pages share lives in its own module."""
    modules = project_modules()
    crossing = [
        f"{name} imports {target}"
        for name, path in modules.items()
        if name.endswith("_views")
        for target in sorted(project_imports(path, modules))
        if target.endswith("_views") and target != name
    ]
    assert crossing == []


def _relative(paths) -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in paths)


def test_the_data_layer_never_imports_the_ui():
    """queries/ sits below components/: the CLI and the build run without any UI code."""
    offenders = [path for path in QUERY_CODE if imported_modules(path) & {"components", "app_pages", "app"}]
    assert _relative(offenders) == []


def test_streamlit_is_imported_in_queries_only_by_the_cache_module():
    offenders = [path for path in QUERY_CODE if "streamlit" in imported_modules(path)]
    assert _relative(offenders) == _relative([STREAMLIT_CACHE_MODULE])


def test_texts_stand_below_every_floor():
    """The message catalogue and problem sentences import nothing of the app and no Streamlit."""
    above = {"streamlit", "components", "app_pages", "app", "queries"}
    offenders = [path for path in TEXT_CODE if imported_modules(path) & above]
    assert TEXT_CODE and _relative(offenders) == []


def test_pages_and_components_never_open_duckdb():
    offenders = [path.name for path in APP_CODE if "duckdb" in imported_modules(path)]
    assert offenders == []


def test_every_connection_is_opened_by_the_connection_module():
    """queries/database.py connect() waits for other processes' locks; nothing else opens the file."""
    openers = sorted(
        str(path.relative_to(ROOT)) for path in QUERY_CODE if "duckdb.connect(" in path.read_text(encoding="utf-8")
    )
    assert openers == ["queries/database.py"]


def test_no_sql_is_written_in_python_strings():
    """SQL is read from queries/sql/*.sql by name and run with bound parameters."""
    offenders = [
        f"{path.relative_to(ROOT)}: {text[:60]!r}"
        for path in APP_CODE + QUERY_CODE
        for text in string_literals(path)
        if SQL_TEXT.search(text)
    ]
    assert offenders == []


# Statements DuckDB runs without bound parameters (an extension's path, the lake to attach, the
# catalog to use): the storage modules build these few from quoted values, and nothing else.
UNBOUND_STATEMENTS = {"queries/database.py": ("ATTACH", "USE"), "queries/extensions.py": ("LOAD",)}
RUNS_SQL = {"execute", "executemany", "sql", "query"}


def _text_of(node) -> str | None:
    """The text of a string built in code: a literal, an f-string (values as {}), '+' of such, or
    '...'.format(...) / '...' % ...; None for anything else (a name, load_sql(...))."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        left, right = _text_of(node.left), _text_of(node.right)
        return None if left is None and right is None else (left or "{}") + (right or "{}")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _text_of(node.func.value)
    return None


def sql_built_in_code(source: str, name: str) -> list[str]:
    """Statements a module (`source`, named `name` relative to the repository) hands to DuckDB as text
    it built itself instead of a named .sql file."""
    allowed = UNBOUND_STATEMENTS.get(name, ())
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL):
            continue
        if not node.args:
            continue
        if isinstance(node.args[0], ast.Constant):
            continue  # a fixed statement (BEGIN IMMEDIATE, COMMIT): nothing built; see the literal test
        text = _text_of(node.args[0])
        if text is None and not isinstance(node.args[0], ast.BinOp):
            continue  # a name or load_sql(...): SQL from a file
        words = (text or "").split()
        if not words or words[0].upper() not in allowed:
            found.append(f"{name}:{node.lineno}: {(text or ast.unparse(node.args[0]))[:60]!r}")
    return found


def test_sql_is_never_built_from_strings():
    """Every statement run comes from a named .sql file (load_sql): no f-string, concatenation or
    formatting builds SQL, so values are always bound parameters."""
    offenders = [
        found
        for path in APP_CODE + QUERY_CODE
        for found in sql_built_in_code(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert offenders == []


def test_built_sql_is_found_however_it_is_built():
    probe = (
        "def f(con, table, value):\n"
        "    con.execute(f'SELECT * FROM {table}')\n"
        "    con.execute('DELETE FROM t WHERE v = ' + value)\n"
        "    con.sql('SELECT {}'.format(value))\n"
        "    con.execute(f'USE {table}')\n"
        "    con.execute(load_sql('ok'), {'v': value})\n"
        "    con.execute('COMMIT')\n"
        "    con.execute(query_text)\n"
    )
    assert [found.split(": ")[0] for found in sql_built_in_code(probe, "queries/probe.py")] == [
        "queries/probe.py:2",
        "queries/probe.py:3",
        "queries/probe.py:4",
        "queries/probe.py:5",
    ]
    assert sql_built_in_code(probe, "queries/database.py")[-1].startswith("queries/database.py:4")


def test_every_sql_file_a_module_names_exists():
    names = {
        match
        for path in QUERY_CODE
        for match in re.findall(r"""(?:read_frame|load_sql)\(\s*f?["']([\w/]+)["']""", path.read_text(encoding="utf-8"))
    }
    missing = sorted(name for name in names if not (ROOT / "queries" / "sql" / f"{name}.sql").exists())
    assert names and missing == []
