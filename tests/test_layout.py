"""The layout stays as docs/architecture.md describes it: no import circles among the
application's modules, and no benchmark code in what ships."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["casework", "docs_app", "config"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in SHIPPED
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import of a module, those inside functions too (an import put off to dodge a
    circle is still a circle), leaving out those only for type checkers."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        found.extend(n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom))
    return found


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets = set()
        for node in _runtime_imports(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif node.module and node.level == 0:
                for alias in node.names:
                    # `from package import module` imports the module itself.
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in known else node.module)
        graph[name] = {target for target in targets if target in known and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_graph_sees_the_imports():
    graph = import_graph()
    assert "casework.models" in graph["casework.actions.cases"]
    assert "casework.access.policy" in graph["casework.models.cases"]
    assert "docs_app.worker" in graph["docs_app.tasks"]


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_application_imports_in_no_circle():
    assert cycles(import_graph()) == []


def test_no_benchmark_code_ships_and_tests_do_not_import_it():
    shipped = [name for name in modules() if "bench" in name.split(".")[-1]]
    assert shipped == []
    assert (ROOT / "bench" / "__main__.py").exists()
    importers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("*.py")
        for node in _runtime_imports(ast.parse(path.read_text()))
        if any(
            name == "bench" or name.startswith("bench.")
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
        )
    ]
    assert importers == []
