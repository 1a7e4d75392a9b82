"""The shape of confplan's imports, read from the source with `ast`: every import of a
confplan module counts, at the top of a module or inside a function (an import that
waits for a call still ties the modules together). Only the imports under
`if TYPE_CHECKING:` are left out: they never run (a screen naming its app's class
in an annotation).

- No circle: no module imports itself through others.
- The catalogue package never imports the importers (they produce catalogues; a file
  of either kind is opened by `confplan.opening`, above both).
- Textual (and the TUI's rich-based modules) only under tui/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import confplan

PACKAGE = Path(confplan.__file__).parent
_TYPE_CHECKING = {"TYPE_CHECKING", "typing.TYPE_CHECKING"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` but those under `if TYPE_CHECKING:` (its else branch stays)."""
    nodes: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and ast.unparse(node.test) in _TYPE_CHECKING:
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))
    return nodes


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every module `path` imports (absolute names), wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from confplan.catalogue import load` imports confplan.catalogue.load
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    return {name: _imports(path, name, set(modules)) for name, path in modules.items()}


def _internal(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Edges between confplan's own modules only (a package's __init__ aside: importing
    `confplan.catalogue.load` runs `confplan.catalogue` first, which is no circle)."""
    return {
        name: {t for t in targets if t in graph and t != name and not name.startswith(t + ".")}
        for name, targets in graph.items()
    }


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each circle found by a depth-first walk (iterative: no recursion limit)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found: list[list[str]] = []
    for start in sorted(edges):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(edges[start]))]
        state[start] = 1
        while stack:
            target = next(stack[-1], None)
            if target is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(sorted(edges[target])))
    return found


def test_the_graph_is_read() -> None:
    graph = _graph()
    assert "confplan.catalogue.cache" in graph and "confplan.opening" in graph
    edges = _internal(graph)
    # imports inside functions count too
    assert "confplan.importers.detect" in edges["confplan.opening"]


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles(_internal(_graph())) == []


def test_a_circle_is_found() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c", "a"]]


def test_the_catalogue_package_never_imports_the_importers() -> None:
    graph = _graph()
    wrong = {
        name: sorted(t for t in targets if t.split(".")[:2] == ["confplan", "importers"])
        for name, targets in graph.items()
        if name == "confplan.catalogue" or name.startswith("confplan.catalogue.")
    }
    assert {name: targets for name, targets in wrong.items() if targets} == {}


def _outside_tui(name: str) -> bool:
    return not (name == "confplan.tui" or name.startswith("confplan.tui."))


LAUNCHER = "confplan.cli.tui_launch"


def test_only_the_tui_imports_textual() -> None:
    """Neither Textual nor rich outside tui/, and the TUI's modules (all Textual code)
    imported only by the launcher, the command that starts the TUI."""
    graph = _graph()
    wrong = {
        name: sorted(
            t
            for t in targets
            if t.split(".")[0] in ("textual", "rich") or (not _outside_tui(t) and name != LAUNCHER)
        )
        for name, targets in graph.items()
        if _outside_tui(name)
    }
    assert {name: targets for name, targets in wrong.items() if targets} == {}


def test_every_tui_module_is_textual_code() -> None:
    """Each module under tui/ imports Textual or rich itself, or builds on another
    TUI module that does (a widget subclass, say); the model lives elsewhere."""
    graph = _graph()
    packages = {_module_name(p) for p in PACKAGE.rglob("__init__.py")}
    plain = sorted(
        name
        for name, targets in graph.items()
        if not _outside_tui(name)
        and name not in packages
        and not any(
            t.split(".")[0] in ("textual", "rich") or (not _outside_tui(t) and t != "confplan.tui")
            for t in targets
        )
    )
    assert plain == []
