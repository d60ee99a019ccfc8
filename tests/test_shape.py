"""The tree's shape, as issue #12 set it: no module over 400 lines of code (blank lines and comments
aside, as ``../shared/tools/structure.py`` counts them; demo data and benchmarks aside), no view
function or method over 30 lines (a view parses, calls a service or a query, renders; what grows
past that belongs in a helper, a service or a query). Read from the source: no database."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "catalog", "cases", "competition", "incubator", "search")
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 30


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_view_module(path: Path) -> bool:
    return path.stem.startswith("views") or "views" in path.parts or path.name in ("admin.py", "wagtail_hooks.py")


def _code_lines(path: Path) -> int:
    return sum(
        1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.strip().startswith("#")
    )


def test_no_module_is_over_400_lines():
    data_like = [path for path in _modules() if "demo" in path.parts or "content" in path.parts or "bench" in path.stem]
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if path not in data_like and (lines := _code_lines(path)) > MAX_MODULE_LINES
    }
    assert not long, long


def test_no_view_function_or_method_is_over_30_lines():
    long = {}
    for path in filter(_is_view_module, _modules()):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_VIEW_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = lines
    assert not long, long
