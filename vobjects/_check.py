"""``vobjects check``: what changed since the lockfile, and whether it is safe.

For every registered object the current canonical schema is compared with
the lockfile: with the same version's record when there is one (any change is
``VO110 version-not-bumped``), otherwise with the newest recorded older
version.  Either way the bump from the previous recorded version must be as
large as the changes since then need (``VO111``), so locking a version does
not hide a breaking minor bump.  Each change gets a rule id, a class and the
bump it needs:

========  =======================  ==============================================
class     meaning                  bump
========  =======================  ==============================================
wire-safe older peers are unaffected  minor
needs-backport older peers need the field/value removed by a backport  minor
breaking  older peers break whatever the backport does  major
not-bumped the schema changed but the version did not  (a new version)
========  =======================  ==============================================

Then the backport of the current class to every recorded older version of
its major (the last ``window`` ones) is run on a probe primitive and must
yield exactly the fields that version's record has (``VO113``); a newer
enum value must be replaced by one the version knows, or refused by a
declared policy.  A class may approve the problems of its current version
with ``obj_schema_approvals = {"<VERSION>": "reason"}``; they are then
reported as approved and do not fail the check.  The rules are documented in
``doc/source/schema.rst``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from vobjects import _lockfile, _schema, _versions, exception

WIRE_SAFE = "wire-safe"
NEEDS_BACKPORT = "needs-backport"
BREAKING = "breaking"
NOT_BUMPED = "not-bumped"

#: rule id -> name
RULES = {
    "VO100": "object-new",
    "VO101": "field-added",
    "VO102": "field-removed",
    "VO103": "field-type-changed",
    "VO104": "nullable-changed",
    "VO105": "default-changed",
    "VO106": "remotable-changed",
    "VO107": "child-version-changed",
    "VO108": "enum-values-changed",
    "VO109": "read-only-changed",
    "VO110": "version-not-bumped",
    "VO111": "bump-too-small",
    "VO112": "version-not-locked",
    "VO113": "backport-missing",
    "VO114": "object-missing",
    "VO115": "version-older-than-locked",
}
#: Rules that fail the check (unless approved); the others describe changes.
PROBLEMS = frozenset({"VO110", "VO111", "VO112", "VO113", "VO114", "VO115"})
_BUMP_ORDER = {None: 0, "minor": 1, "major": 2}


@dataclasses.dataclass
class Finding:
    """One change or problem of one object."""

    rule: str
    kind: str
    detail: str
    field: str | None = None
    bump: str | None = None
    approved: bool = False

    @property
    def name(self) -> str:
        return RULES[self.rule]

    @property
    def problem(self) -> bool:
        return self.rule in PROBLEMS and not self.approved

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "class": self.kind,
            "field": self.field,
            "bump": self.bump,
            "detail": self.detail,
            "problem": self.problem,
            "approved": self.approved,
        }


@dataclasses.dataclass
class ObjectReport:
    """Everything the check says about one object."""

    name: str
    version: str | None
    compared_to: str | None = None
    findings: list[Finding] = dataclasses.field(default_factory=list)
    required_bump: str | None = None
    actual_bump: str | None = None
    backports: dict[str, str] = dataclasses.field(default_factory=dict)
    approval: str | None = None

    @property
    def problems(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.problem]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "compared_to": self.compared_to,
            "required_bump": self.required_bump,
            "actual_bump": self.actual_bump,
            "backports": self.backports,
            "approval": self.approval,
            "ok": not self.problems,
            "findings": [finding.to_json() for finding in self.findings],
        }


# -- comparing two schemas ------------------------------------------------------------


def _strip_values(ftype: _schema.TypeSchema) -> _schema.TypeSchema:
    element = ftype.element
    if element is not None:
        element = dataclasses.replace(element, type=_strip_values(element.type))
    return dataclasses.replace(ftype, values=None, element=element)


def _enum_values(ftype: _schema.TypeSchema) -> tuple[Any, ...] | None:
    if ftype.values is not None:
        return ftype.values
    if ftype.element is not None:
        return _enum_values(ftype.element.type)
    return None


def _compatible_call(old: _schema.MethodSchema, new: _schema.MethodSchema) -> bool:
    """Whether every call valid for ``old`` is valid for ``new`` (same names and kinds, new ones optional)."""
    if len(new.params) < len(old.params):
        return False
    for before, after in zip(old.params, new.params, strict=False):
        if (before.name, before.kind) != (after.name, after.kind) or (before.has_default and not after.has_default):
            return False
    return all(p.has_default or p.kind in ("var_positional", "var_keyword") for p in new.params[len(old.params) :])


def diff(old: _schema.ObjectSchema, new: _schema.ObjectSchema) -> list[Finding]:
    """Every change from ``old`` to ``new``, with its rule, class and bump."""
    found: list[Finding] = []
    old_fields, new_fields = old.field_map, new.field_map
    for name in sorted(set(old_fields) | set(new_fields)):
        before, after = old_fields.get(name), new_fields.get(name)
        if before is None:
            assert after is not None
            text = _schema.describe_type(after.type)
            found.append(Finding("VO101", NEEDS_BACKPORT, f"field added: {text}", name, "minor"))
        elif after is None:
            found.append(Finding("VO102", BREAKING, "field removed: older peers may require it", name, "major"))
        else:
            found.extend(_field_changes(name, before, after))
    old_methods, new_methods = old.method_map, new.method_map
    for name in sorted(set(old_methods) | set(new_methods)):
        mold, mnew = old_methods.get(name), new_methods.get(name)
        if mold is None:
            found.append(Finding("VO106", WIRE_SAFE, f"remotable method {name}() added", None, "minor"))
        elif mnew is None:
            found.append(Finding("VO106", BREAKING, f"remotable method {name}() removed", None, "major"))
        elif mold != mnew:
            if _compatible_call(mold, mnew):
                found.append(Finding("VO106", WIRE_SAFE, f"{name}() gained optional parameters", None, "minor"))
            else:
                found.append(Finding("VO106", BREAKING, f"{name}() parameters changed incompatibly", None, "major"))
    found.extend(_pairs_changes("child_versions", dict(old.child_versions or ()), dict(new.child_versions or ())))
    old_rel, new_rel = dict(old.relationships), dict(new.relationships)
    for name in sorted(set(old_rel) | set(new_rel)):
        rules_old, rules_new = old_rel.get(name, ()), new_rel.get(name, ())
        if rules_old != rules_new:
            if rules_new[: len(rules_old)] == rules_old:
                found.append(
                    Finding(
                        "VO107",
                        WIRE_SAFE,
                        f"obj_relationships rules added {list(rules_new[len(rules_old) :])}",
                        name,
                        "minor",
                    )
                )
            else:
                found.append(
                    Finding(
                        "VO107",
                        BREAKING,
                        f"obj_relationships changed: {list(rules_old)} -> {list(rules_new)}",
                        name,
                        "major",
                    )
                )
    return found


def _pairs_changes(what: str, old: dict[str, str], new: dict[str, str]) -> list[Finding]:
    if old == new:
        return []
    changed = sorted(key for key in old if new.get(key) != old[key])
    if changed:
        text = ", ".join(f"{k}: {old[k]} -> {new.get(k)}" for k in changed)
        return [Finding("VO107", BREAKING, f"{what} changed for a released version ({text})", None, "major")]
    added = sorted(set(new) - set(old), key=_versions.parse)
    return [Finding("VO107", WIRE_SAFE, f"{what} added {', '.join(f'{k}: {new[k]}' for k in added)}", None, "minor")]


def _field_changes(name: str, before: _schema.FieldSchema, after: _schema.FieldSchema) -> list[Finding]:
    found = []
    if before.type != after.type:
        if _strip_values(before.type) == _strip_values(after.type):
            old_values, new_values = _enum_values(before.type) or (), _enum_values(after.type) or ()
            removed = [v for v in old_values if v not in new_values]
            added = [v for v in new_values if v not in old_values]
            if removed:
                found.append(Finding("VO108", BREAKING, f"enum values removed {removed}", name, "major"))
            if added:
                found.append(Finding("VO108", NEEDS_BACKPORT, f"enum values added {added}", name, "minor"))
            if not removed and not added:
                found.append(Finding("VO108", WIRE_SAFE, "enum values reordered", name, "minor"))
        else:
            text = f"{_schema.describe_type(before.type)} -> {_schema.describe_type(after.type)}"
            found.append(Finding("VO103", BREAKING, f"type changed: {text}", name, "major"))
    if before.nullable != after.nullable:
        if after.nullable:
            found.append(Finding("VO104", NEEDS_BACKPORT, "became nullable: older peers refuse None", name, "minor"))
        else:
            found.append(Finding("VO104", BREAKING, "no longer nullable: older peers may send None", name, "major"))
    if (before.has_default, before.default) != (after.has_default, after.default):
        old_text = _schema.canonical_text(before.default) if before.has_default else "none"
        new_text = _schema.canonical_text(after.default) if after.has_default else "none"
        found.append(Finding("VO105", WIRE_SAFE, f"default changed: {old_text} -> {new_text}", name, "minor"))
    if before.read_only != after.read_only:
        found.append(
            Finding("VO109", WIRE_SAFE, f"read_only changed: {before.read_only} -> {after.read_only}", name, "minor")
        )
    return found


# -- running backports on a probe ------------------------------------------------------


def _probe_object(cls: type) -> Any:
    """An instance with no field set (a list object gets an empty ``objects``), built without ``__init__``."""
    obj = cls.__new__(cls)  # type: ignore[call-overload]
    obj._changed_fields = set()
    obj._context = None
    if _is_list(cls):
        # The field property reads ``_obj_objects``; an unregistered class has no property.
        obj.__dict__["_obj_objects"] = []
        obj.__dict__["objects"] = []
    return obj


def _is_list(cls: type) -> bool:
    return hasattr(cls, "child_versions") and "objects" in getattr(cls, "fields", {})


def _probe_data(cls: type, schema: _schema.ObjectSchema) -> dict[str, Any]:
    data: dict[str, Any] = dict.fromkeys(schema.field_map)
    if _is_list(cls):
        data["objects"] = []
    return data


def _backport(cls: type, target: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` after the class's backport to ``target`` (child fields per ``obj_relationships``)."""
    primitive = dict(data)
    obj = _probe_object(cls)
    obj.obj_make_compatible_from_manifest(primitive, target, None)
    parsed = _versions.parse(target)
    for name, rules in (getattr(cls, "obj_relationships", None) or {}).items():
        # The probe sets no child objects, so apply the "child did not exist yet" rule here.
        if name in primitive and rules and parsed < _versions.parse(rules[0][0]):
            del primitive[name]
    return primitive


def check_backport(cls: type, current: _schema.ObjectSchema, old: _schema.ObjectSchema) -> str | None:
    """None when the backport of ``cls`` to ``old.version`` fits ``old``'s schema, else why not."""
    target = old.version
    try:
        fields = set(_backport(cls, target, _probe_data(cls, current)))
    except Exception as exc:
        return f"the backport to {target} raised {type(exc).__name__}: {exc}"
    expected = set(old.field_map)
    problems = []
    if fields - expected:
        problems.append(f"keeps {sorted(fields - expected)}")
    if expected - fields:
        problems.append(f"drops {sorted(expected - fields)}")
    for name, field in current.fields:
        before = old.field_map.get(name)
        if before is None or name not in fields:
            continue
        old_values, new_values = _enum_values(before.type), _enum_values(field.type)
        if old_values is None or new_values is None:
            continue
        for value in new_values:
            if value in old_values:
                continue
            sample = [value] if field.type.values is None else value
            try:
                out = _backport(cls, target, {name: sample})
            except exception.EnumValueTooNew:
                continue  # refused by a declared policy
            except Exception as exc:
                problems.append(f"{name}={value!r} raised {type(exc).__name__}: {exc}")
                continue
            result = out.get(name)
            results = result if isinstance(result, list) else [result]
            if any(item not in old_values for item in results):
                problems.append(f"leaves {name}={value!r}, unknown at {target}")
    return "; ".join(problems) or None


# -- the whole check --------------------------------------------------------------------


def _bump(old: str, new: str) -> str | None:
    before, after = _versions.parse(old), _versions.parse(new)
    if after[0] != before[0]:
        return "major"
    return "minor" if after > before else None


def check_object(
    name: str, classes: list[type], recorded: Mapping[str, _schema.ObjectSchema], window: int | None = None
) -> ObjectReport:
    """The report for one registered object (``classes`` newest first)."""
    cls = classes[0]
    current = _schema.schema_of(cls)
    report = ObjectReport(name, current.version)
    findings = report.findings
    versions = _lockfile.sorted_versions(recorded)
    parsed = _versions.parse(current.version)
    needed: str | None = None
    if not versions:
        findings.append(Finding("VO100", WIRE_SAFE, "the object is not in the lockfile yet"))
        findings.append(Finding("VO112", NOT_BUMPED, f"version {current.version} is not locked: run vobjects lock"))
    elif current.version in recorded:
        report.compared_to = current.version
        changes = diff(recorded[current.version], current)
        findings.extend(changes)
        if changes:
            findings.append(
                Finding(
                    "VO110",
                    NOT_BUMPED,
                    f"the schema of {current.version} differs from the lockfile: bump the version",
                    bump=_max_bump(changes) or "minor",
                )
            )
        # Locking a version must not hide that its bump was too small.
        needed = _bump_from_predecessor(report, recorded, versions, current, show_changes=False)
    else:
        newer = [v for v in versions if _versions.parse(v) > parsed]
        if newer:
            findings.append(
                Finding("VO115", BREAKING, f"version {current.version} is older than the locked {newer[-1]}")
            )
        needed = _bump_from_predecessor(report, recorded, versions, current, show_changes=True)
        findings.append(Finding("VO112", NOT_BUMPED, f"version {current.version} is not locked: run vobjects lock"))
    required = _max_bump(findings)
    report.required_bump = needed if _BUMP_ORDER[needed] > _BUMP_ORDER[required] else required
    # Backports to the older recorded versions of this major, newest `window` of them.
    older_same_major = [v for v in versions if _versions.parse(v) < parsed and _versions.parse(v)[0] == parsed[0]]
    if window is not None:
        older_same_major = older_same_major[-window:] if window > 0 else []
    for version in older_same_major:
        trouble = check_backport(cls, current, recorded[version])
        report.backports[version] = "ok" if trouble is None else trouble
        if trouble is not None:
            findings.append(Finding("VO113", NEEDS_BACKPORT, f"backport to {version}: {trouble}"))
    approvals = getattr(cls, "obj_schema_approvals", None) or {}
    reason = approvals.get(current.version)
    if reason:
        report.approval = str(reason)
        for finding in findings:
            if finding.rule in PROBLEMS and finding.rule != "VO112":
                finding.approved = True
    return report


def _bump_from_predecessor(
    report: ObjectReport,
    recorded: Mapping[str, _schema.ObjectSchema],
    versions: list[str],
    current: _schema.ObjectSchema,
    show_changes: bool,
) -> str | None:
    """Compare with the newest recorded older version: the bump made, VO111 if too small.

    Returns the bump the changes need.  With ``show_changes`` every change
    is reported too (a version not locked yet); otherwise they were
    reviewed when the version was locked, and only a too-small bump is.
    """
    parsed = _versions.parse(current.version)
    older = [v for v in versions if _versions.parse(v) < parsed]
    if not older:
        return None
    base = older[-1]
    changes = diff(recorded[base], current)
    if show_changes:
        report.compared_to = base
        report.findings.extend(changes)
    report.actual_bump = _bump(base, current.version)
    needed = _max_bump(changes)
    if _BUMP_ORDER[needed] > _BUMP_ORDER[report.actual_bump]:
        worst = [f"{c.rule} {c.name}" + (f" ({c.field})" if c.field else "") for c in changes if c.bump == needed]
        report.findings.append(
            Finding(
                "VO111",
                BREAKING,
                f"the changes since {base} need a {needed} bump, not {current.version}: {', '.join(worst)}",
                bump=needed,
            )
        )
    return needed


def _max_bump(findings: list[Finding]) -> str | None:
    best = None
    for finding in findings:
        if finding.rule not in PROBLEMS and _BUMP_ORDER[finding.bump] > _BUMP_ORDER[best]:
            best = finding.bump
    return best


def run_check(
    obj_classes: Mapping[str, list[type]], document: Mapping[str, Any], window: int | None = None
) -> list[ObjectReport]:
    """Reports for every registered object and every locked object that is gone."""
    recorded = _lockfile.schemas(document)
    reports = []
    for name in sorted(set(obj_classes) | set(recorded)):
        classes = obj_classes.get(name) or []
        if not classes:
            report = ObjectReport(name, None)
            report.findings.append(
                Finding("VO114", BREAKING, "the object is in the lockfile but no longer registered", bump="major")
            )
            reports.append(report)
            continue
        reports.append(check_object(name, classes, recorded.get(name, {}), window))
    return reports


def format_text(reports: list[ObjectReport], verbose: bool = False) -> str:
    """A human-readable report: one block per object with changes or problems."""
    lines = []
    for report in reports:
        if not report.findings and not verbose:
            continue
        against = f" (compared with locked {report.compared_to})" if report.compared_to else ""
        status = "FAIL" if report.problems else "ok"
        lines.append(f"{report.name} {report.version or '-'}{against}: {status}")
        if report.required_bump or report.actual_bump:
            lines.append(f"  bump: required {report.required_bump or 'none'}, made {report.actual_bump or 'none'}")
        for finding in report.findings:
            where = f" {finding.field}:" if finding.field else ""
            mark = " (approved)" if finding.approved else ""
            lines.append(f"  {finding.rule} {finding.name} [{finding.kind}]{where} {finding.detail}{mark}")
        if report.backports:
            lines.append(
                "  backports: "
                + ", ".join(f"{v} {'ok' if s == 'ok' else 'MISSING'}" for v, s in report.backports.items())
            )
        if report.approval:
            lines.append(f"  approved: {report.approval}")
    failed = [r.name for r in reports if r.problems]
    lines.append(
        f"{len(reports)} objects checked, {len(failed)} with problems" + (f": {', '.join(failed)}" if failed else "")
    )
    return "\n".join(lines)
