"""Pictures of what ``vobjects check`` found: Graphviz ``dot`` or ``mermaid``.

One node per object with changes (coloured by its worst class: breaking red,
needs-backport or not-bumped orange, wire-safe green), one node per change,
and an edge from each object to the objects that hold it, so a reviewer sees
which parents a change travels through.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from vobjects import _check, _deptree

_COLOURS = {
    _check.BREAKING: "#f4a6a6",
    _check.NOT_BUMPED: "#f7c99b",
    _check.NEEDS_BACKPORT: "#f7e49b",
    _check.WIRE_SAFE: "#b8e0b8",
}
_ORDER = [_check.BREAKING, _check.NOT_BUMPED, _check.NEEDS_BACKPORT, _check.WIRE_SAFE]


def _worst(report: _check.ObjectReport) -> str:
    kinds = {finding.kind for finding in report.findings}
    return next((kind for kind in _ORDER if kind in kinds), _check.WIRE_SAFE)


def _title(report: _check.ObjectReport) -> str:
    against = f" (locked {report.compared_to})" if report.compared_to and report.compared_to != report.version else ""
    return f"{report.name} {report.version or '-'}{against}"


def _change(finding: _check.Finding) -> str:
    where = f"{finding.field}: " if finding.field else ""
    mark = " (approved)" if finding.approved else ""
    return f"{finding.rule} {finding.name}\n{where}{finding.detail}{mark}"


def _parents(obj_classes: Mapping[str, list[type]], names: set[str]) -> list[tuple[str, str, str]]:
    """``(parent, child, field)`` edges into the changed objects."""
    edges = []
    for name in sorted(obj_classes):
        classes = obj_classes[name]
        if not classes:
            continue
        for edge in _deptree.edges_of(classes[0]):
            if edge.child in names:
                edges.append((name, edge.child, edge.field))
    return edges


def render(reports: list[_check.ObjectReport], obj_classes: Mapping[str, list[type]], fmt: str) -> str:
    """The diagram text (``fmt`` is ``dot`` or ``mermaid``)."""
    changed = [report for report in reports if report.findings]
    names = {report.name for report in changed}
    edges = _parents(obj_classes, names)
    return _dot(changed, edges) if fmt == "dot" else _mermaid(changed, edges)


def _dot(changed: list[_check.ObjectReport], edges: list[tuple[str, str, str]]) -> str:
    quote = json.dumps
    lines = ["digraph vobjects_check {", "    rankdir=LR;", "    node [shape=box, style=filled];"]
    for report in changed:
        lines.append(
            f"    {quote(report.name)} [label={quote(_title(report))}, fillcolor={quote(_COLOURS[_worst(report)])}];"
        )
        for index, finding in enumerate(report.findings):
            node = quote(f"{report.name}#{index}")
            colour = _COLOURS[finding.kind]
            lines.append(f"    {node} [label={quote(_change(finding))}, shape=note, fillcolor={quote(colour)}];")
            lines.append(f"    {quote(report.name)} -> {node};")
    for parent, child, field in edges:
        lines.append(f"    {quote(parent)} -> {quote(child)} [label={quote(field)}, style=dashed];")
    lines.append("}")
    return "\n".join(lines)


def _mermaid_text(text: str) -> str:
    escaped = text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    return '"' + escaped.replace("\n", "<br/>") + '"'


def _mermaid(changed: list[_check.ObjectReport], edges: list[tuple[str, str, str]]) -> str:
    ident = {report.name: f"o{index}" for index, report in enumerate(changed)}
    lines = ["flowchart LR"]
    for report in changed:
        node = ident[report.name]
        lines.append(f"    {node}[{_mermaid_text(_title(report))}]:::{_worst(report).replace('-', '_')}")
        for index, finding in enumerate(report.findings):
            lines.append(f"    {node}_{index}[{_mermaid_text(_change(finding))}]:::{finding.kind.replace('-', '_')}")
            lines.append(f"    {node} --> {node}_{index}")
    for parent, child, field in edges:
        if parent not in ident:
            ident[parent] = f"p{len(ident)}"
            lines.append(f"    {ident[parent]}[{_mermaid_text(parent)}]")
        lines.append(f"    {ident[parent]} -.->|{field}| {ident[child]}")
    for kind, colour in _COLOURS.items():
        lines.append(f"    classDef {kind.replace('-', '_')} fill:{colour}")
    return "\n".join(lines)
