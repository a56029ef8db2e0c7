"""``vobjects tree``: the object dependency tree of some modules, with versions.

Formats: ``text`` (an indented tree from each top-level object), ``dot``
(Graphviz) and ``mermaid``.  Edges through a list of objects
(``ListOfObjectsField``) are included and marked, unless ``--no-lists``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping

from vobjects import _modload

PROG = "vobjects tree"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("modules", nargs="+", metavar="MODULE", help="dotted module names to import")
    parser.add_argument("--format", choices=("text", "dot", "mermaid"), default="text", help="output format (text)")
    parser.add_argument("--no-lists", action="store_true", help="leave out list-of-object fields (as OVO's tree does)")
    parser.add_argument("-r", "--recursive", action="store_true", help="also import all submodules of packages")


class Graph:
    """Objects (newest version of each registered name) and the edges between them."""

    def __init__(self, obj_classes: Mapping[str, list[type]], include_lists: bool = True) -> None:
        from vobjects import _deptree

        self.versions: dict[str, str] = {}
        self.edges: dict[str, list[_deptree.Edge]] = {}
        for name in sorted(obj_classes):
            classes = obj_classes[name]
            if classes:
                self.versions[name] = str(classes[0].VERSION)  # type: ignore[attr-defined]
                self.edges[name] = _deptree.edges_of(classes[0], include_lists)
        children = {edge.child for edges in self.edges.values() for edge in edges}
        self.roots = [name for name in self.versions if name not in children] or list(self.versions)

    def label(self, name: str) -> str:
        version = self.versions.get(name)
        return f"{name} {version}" if version else f"{name} (not registered)"


def render_text(graph: Graph) -> str:
    lines: list[str] = []
    expanded: set[str] = set()

    def walk(name: str, prefix: str, path: tuple[str, ...]) -> None:
        edges = graph.edges.get(name, [])
        for index, edge in enumerate(edges):
            last = index == len(edges) - 1
            note = " (list)" if edge.is_list else ""
            has_children = bool(graph.edges.get(edge.child))
            if edge.child in path:
                note += " (cycle)"
            elif edge.child in expanded and has_children:
                note += " (see above)"
            lines.append(f"{prefix}{'└── ' if last else '├── '}{edge.field}: {graph.label(edge.child)}{note}")
            if edge.child not in path and edge.child not in expanded:
                expanded.add(edge.child)
                walk(edge.child, prefix + ("    " if last else "│   "), (*path, edge.child))

    for root in graph.roots:
        lines.append(graph.label(root))
        expanded.add(root)
        walk(root, "", (root,))
    return "\n".join(lines)


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(graph: Graph) -> str:
    lines = ["digraph vobjects {", "    rankdir=LR;", "    node [shape=box];"]
    names = list(graph.versions) + sorted(
        {e.child for edges in graph.edges.values() for e in edges} - set(graph.versions)
    )
    lines.extend(f"    {_dot_quote(name)} [label={_dot_quote(graph.label(name))}];" for name in names)
    for edges in graph.edges.values():
        for edge in edges:
            attrs = f"label={_dot_quote(edge.field + (' (list)' if edge.is_list else ''))}"
            if edge.is_list:
                attrs += ", style=dashed"
            lines.append(f"    {_dot_quote(edge.parent)} -> {_dot_quote(edge.child)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines)


def _mermaid_id(name: str) -> str:
    return re.sub(r"\W", "_", name)


def render_mermaid(graph: Graph) -> str:
    lines = ["graph LR"]
    names = list(graph.versions) + sorted(
        {e.child for edges in graph.edges.values() for e in edges} - set(graph.versions)
    )
    lines.extend(f'    {_mermaid_id(name)}["{graph.label(name)}"]' for name in names)
    for edges in graph.edges.values():
        for edge in edges:
            arrow = "-.->" if edge.is_list else "-->"
            label = edge.field + (" (list)" if edge.is_list else "")
            lines.append(f'    {_mermaid_id(edge.parent)} {arrow}|"{label}"| {_mermaid_id(edge.child)}')
    return "\n".join(lines)


RENDERERS = {"text": render_text, "dot": render_dot, "mermaid": render_mermaid}


def run(args: argparse.Namespace) -> int:
    try:
        _modload.import_modules(args.modules, recursive=args.recursive)
    except _modload.ImportFailed as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    from vobjects._registry import VersionedObjectRegistry

    graph = Graph(VersionedObjectRegistry.obj_classes(), include_lists=not args.no_lists)
    if not graph.versions:
        print(f"{PROG}: warning: no objects are registered by {', '.join(args.modules)}", file=sys.stderr)
    print(RENDERERS[args.format](graph))
    return 0
