"""Readable explanations of changed object hashes.

For each object whose stored hash differs from the computed one we want to
say what changed in terms a developer acts on (field added, type changed,
remotable signature changed, ...) and which version bump it needs.  The old
schema is learned, in order of preference, from:

1. a snapshot of fingerprint inputs keyed by hash (``vobjects hashes --snapshot``);
2. an older class of the same name still registered, whose inputs hash to
   the stored value;
3. small edits of the current schema that re-hash to the stored value
   (:mod:`vobjects._guess`);

and otherwise the current schema is listed with a note that the change
could not be pinpointed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from vobjects import _fingerprint as fp
from vobjects import _guess, _versions, exception

SNAPSHOT_HINT = "run `vobjects hashes --snapshot FILE MODULE...` when the table is updated, and pass that FILE"


@dataclasses.dataclass(frozen=True)
class Change:
    """One difference between two schemas of an object.

    ``compatible`` is False for changes old readers cannot cope with (a field
    removed or retyped, a remotable method removed or losing arguments):
    those call for a major version bump.
    """

    text: str
    compatible: bool = True


def describe_field(text: str) -> str:
    """A field repr in words: ``String, nullable, default 'x'``."""
    desc = _guess.parse_field(text)
    if desc is None:
        return text
    words = [desc.type]
    if desc.values is not None:
        words[0] += f" {desc.values}"
    if desc.nullable:
        words.append("nullable")
    if desc.default is not None:
        words.append(f"default {desc.default}")
    return ", ".join(words)


def _field_changes(name: str, old: str, new: str) -> list[Change]:
    before, after = _guess.parse_field(old), _guess.parse_field(new)
    if before is None or after is None:
        return [Change(f"field '{name}' changed: {old} -> {new}", compatible=False)]
    changes = []
    if before.type != after.type:
        changes.append(Change(f"field '{name}' changed type: {before.type} -> {after.type}", compatible=False))
    if before.values != after.values:
        old_values, new_values = _guess.literal(before.values), _guess.literal(after.values)
        if isinstance(old_values, (list, tuple)) and isinstance(new_values, (list, tuple)):
            added = [v for v in new_values if v not in old_values]
            removed = [v for v in old_values if v not in new_values]
            if added:
                changes.append(Change(f"field '{name}' gained enum values {added}"))
            if removed:
                changes.append(Change(f"field '{name}' lost enum values {removed}", compatible=False))
            if not added and not removed:
                changes.append(Change(f"field '{name}' reordered its enum values: {before.values} -> {after.values}"))
        else:
            changes.append(Change(f"field '{name}' valid values changed: {before.values} -> {after.values}"))
    if before.nullable != after.nullable:
        state = "is now nullable" if after.nullable else "is no longer nullable"
        changes.append(Change(f"field '{name}' {state}"))
    if before.default != after.default:
        if before.default is None:
            changes.append(Change(f"field '{name}' gained a default: {after.default}"))
        elif after.default is None:
            changes.append(Change(f"field '{name}' lost its default (was {before.default})"))
        else:
            changes.append(Change(f"field '{name}' default changed: {before.default} -> {after.default}"))
    return changes


def _args_of(signature: str) -> list[str]:
    inside = signature.partition("(")[2].rpartition(")")[0]
    names = []
    for part in inside.split(","):
        name = part.strip().lstrip("*").split(":")[0].split("=")[0].strip()
        if name:
            names.append(name)
    return names


def diff(old: fp.Inputs, new: fp.Inputs) -> list[Change]:
    """What changed from ``old`` to ``new`` (both of the same object)."""
    changes: list[Change] = []
    old_fields, new_fields = dict(old.fields), dict(new.fields)
    for name in sorted(old_fields.keys() | new_fields.keys()):
        if name not in old_fields:
            changes.append(Change(f"field '{name}' was added: {describe_field(new_fields[name])}"))
        elif name not in new_fields:
            changes.append(
                Change(f"field '{name}' was removed (was {describe_field(old_fields[name])})", compatible=False)
            )
        elif old_fields[name] != new_fields[name]:
            changes.extend(_field_changes(name, old_fields[name], new_fields[name]))
    old_methods = {m.name: m for m in old.methods}
    new_methods = {m.name: m for m in new.methods}
    for name in sorted(old_methods.keys() | new_methods.keys()):
        if name not in old_methods:
            changes.append(Change(f"remotable method '{name}' was added: {new_methods[name].signature}"))
        elif name not in new_methods:
            changes.append(
                Change(f"remotable method '{name}' was removed (was {old_methods[name].signature})", compatible=False)
            )
        elif old_methods[name].spec != new_methods[name].spec:
            before, after = old_methods[name].signature, new_methods[name].signature
            if before == after:  # differs only where the signature text does not show
                before, after = old_methods[name].spec, new_methods[name].spec
            kept = set(_args_of(before)) <= set(_args_of(after))
            changes.append(Change(f"remotable method '{name}' signature changed: {before} -> {after}", kept))
    if old.child_versions != new.child_versions:
        old_children, new_children = dict(old.child_versions or ()), dict(new.child_versions or ())
        for key in sorted(old_children.keys() | new_children.keys(), key=_version_key):
            if key not in old_children:
                changes.append(Change(f"child_versions gained {key!r}: {new_children[key]!r}"))
            elif key not in new_children:
                changes.append(Change(f"child_versions lost {key!r}: {old_children[key]!r}", compatible=False))
            elif old_children[key] != new_children[key]:
                changes.append(
                    Change(f"child_versions[{key!r}] changed: {old_children[key]!r} -> {new_children[key]!r}")
                )
    if old.extra != new.extra:
        changes.append(Change(f"extra_data_func data changed: {', '.join(old.extra)} -> {', '.join(new.extra)}"))
    return changes


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return _versions.parse(version)
    except exception.MalformedPrimitive:
        return (1 << 30,)


def _bumps(version: str) -> tuple[str, str] | None:
    """``(minor bump, major bump)`` of ``version``, or None when it does not parse."""
    try:
        parsed = _versions.parse(version)
    except exception.MalformedPrimitive:
        return None
    major, *rest = parsed  # parse() gives at least one number
    minor = rest[0] if rest else 0
    return f"{major}.{minor + 1}", f"{major + 1}.0"


def version_advice(old_version: str, new_version: str, changes: list[Change] | None) -> tuple[str, str | None]:
    """What to say about VERSION, and the version to bump to when it was not bumped.

    ``changes`` None means the changes are unknown.
    """
    bumps = _bumps(old_version)
    if bumps is None or _bumps(new_version) is None:
        return "", None
    minor, major = bumps
    if old_version == new_version:
        if changes is None:
            return f"VERSION not bumped: still {new_version}; bump it (to {minor} at least)", minor
        if all(change.compatible for change in changes):
            return f"VERSION not bumped: still {new_version}; bump it to {minor} (minor: compatible changes)", minor
        return (
            f"VERSION not bumped: still {new_version}; these changes break older readers: bump it to "
            f"{major} (major), or keep the old field/method and bump to {minor}",
            major,
        )
    old, new = _versions.parse(old_version), _versions.parse(new_version)
    if new < old:
        return f"VERSION went backwards: {old_version} -> {new_version}", None
    if changes and not all(change.compatible for change in changes) and new[0] == old[0]:
        return (
            f"VERSION bumped {old_version} -> {new_version}, but these changes break older readers: "
            f"a major bump ({major}) is the usual answer",
            None,
        )
    return f"VERSION bumped {old_version} -> {new_version}", None


@dataclasses.dataclass
class ObjectReport:
    """The explanation for one object."""

    name: str
    expected: str | None
    actual: str | None
    changes: list[Change] = dataclasses.field(default_factory=list)
    advice: str = ""
    source: str = ""
    schema: list[str] = dataclasses.field(default_factory=list)
    #: The VERSION to bump to, when it was not bumped.
    bump_to: str | None = None

    @property
    def bumped_entry(self) -> str | None:
        """The hash the table should hold once VERSION is bumped as advised."""
        if not self.actual or not self.bump_to:
            return None
        return f"{self.bump_to}-{fp.split_hash(self.actual)[1]}"

    def lines(self) -> list[str]:
        if self.expected is None:
            return [f"{self.name}: new object, not in the table ({self.actual})"]
        if self.actual is None:
            return [f"{self.name}: in the table ({self.expected}) but not registered: remove its entry"]
        out = [f"{self.name}: {self.expected} -> {self.actual}"]
        out.extend(f"  - {change.text}" for change in self.changes)
        if self.schema:
            out.append("  - the change could not be pinpointed; current schema:")
            out.extend(f"      {line}" for line in self.schema)
            out.append(f"    (for an exact explanation, {SNAPSHOT_HINT})")
        if self.advice:
            out.append(f"  ! {self.advice}")
        if self.source:
            out.append(f"  ({self.source})")
        return out


@dataclasses.dataclass
class Report:
    """Explanations for every changed object, with the table entries to paste."""

    objects: list[ObjectReport]

    def __bool__(self) -> bool:
        return bool(self.objects)

    def text(self) -> str:
        if not self.objects:
            return ""
        out: list[str] = []
        for report in self.objects:
            out.extend(report.lines())
            out.append("")
        current = [r for r in self.objects if r.actual is not None]
        if current:
            out.append("New entries for the hash table (object_data):")
            for report in current:
                line = f"    {report.name!r}: {report.actual!r},"
                bumped = report.bumped_entry
                if bumped:
                    line += f"  # after bumping VERSION: {bumped!r}"
                out.append(line)
        gone = [r.name for r in self.objects if r.actual is None]
        if gone:
            out.append("Entries to remove: " + ", ".join(repr(name) for name in gone))
        return "\n".join(out).rstrip()


def current_schema(inputs: fp.Inputs) -> list[str]:
    """The current schema of an object in words, one line per item."""
    lines = [f"field '{name}': {describe_field(text)}" for name, text in inputs.fields]
    lines.extend(f"remotable {method.signature}" for method in inputs.methods)
    if inputs.child_versions is not None:
        lines.append(f"child_versions {dict(inputs.child_versions)!r}")
    if inputs.extra:
        lines.append(f"extra data {', '.join(inputs.extra)}")
    return lines


def explain_object(
    name: str,
    expected: str | None,
    actual: str | None,
    classes: list[type],
    extra_data_func: fp.ExtraDataFunc | None = None,
    snapshot: Mapping[str, fp.Inputs] | None = None,
) -> ObjectReport:
    """Explain why ``name``'s hash went from ``expected`` to ``actual``."""
    report = ObjectReport(name, expected, actual)
    if expected is None or actual is None or not classes:
        return report
    old_version, old_digest = fp.split_hash(expected)
    new_version, new_digest = fp.split_hash(actual)
    current = fp.Inputs.from_class(classes[0], extra_data_func)
    if current.fingerprint() != actual:
        report.source = "the registered class does not produce this hash; cannot explain"
        return report
    if old_digest == new_digest:
        report.advice = (
            f"schema unchanged; only VERSION changed {old_version} -> {new_version}"
            if old_version != new_version
            else ""
        )
        return report
    previous, source = _previous_inputs(expected, classes, current, extra_data_func, snapshot)
    if previous is None:
        report.schema = current_schema(current)
        report.advice, report.bump_to = version_advice(old_version, new_version, None)
        return report
    report.changes = diff(previous, current)
    report.advice, report.bump_to = version_advice(old_version, new_version, report.changes)
    report.source = source
    return report


def _previous_inputs(
    expected: str,
    classes: list[type],
    current: fp.Inputs,
    extra_data_func: fp.ExtraDataFunc | None,
    snapshot: Mapping[str, fp.Inputs] | None,
) -> tuple[fp.Inputs | None, str]:
    old_version, old_digest = fp.split_hash(expected)
    if snapshot:
        recorded = snapshot.get(expected)
        if recorded is not None and recorded.md5() == old_digest:
            return recorded, "old schema read from the snapshot"
    for older in classes[1:]:
        try:
            inputs = fp.Inputs.from_class(older, extra_data_func)
        except Exception:  # an old class we cannot read is no help, not an error
            continue
        if inputs.md5() == old_digest:
            return inputs, f"old schema is the registered class of VERSION {older.VERSION}"  # type: ignore[attr-defined]
    guessed = _guess.guess_previous(current, classes[0], old_digest, old_version)
    if guessed is not None:
        return guessed, "worked out by re-hashing edits of the current schema"
    return None, ""


def explain(
    expected: Mapping[str, str | None],
    actual: Mapping[str, str | None],
    obj_classes: Mapping[str, list[type]],
    extra_data_func: fp.ExtraDataFunc | None = None,
    snapshot: Mapping[str, fp.Inputs] | None = None,
) -> Report:
    """Explain every object named in ``expected``/``actual`` (the dicts ``test_hashes`` returns)."""
    reports = []
    for name in sorted(expected.keys() | actual.keys()):
        classes = (obj_classes.get(name) or []) if hasattr(obj_classes, "get") else []
        try:
            reports.append(
                explain_object(name, expected.get(name), actual.get(name), list(classes), extra_data_func, snapshot)
            )
        except Exception as exc:  # the explanation must never hide the mismatch itself
            report = ObjectReport(name, expected.get(name), actual.get(name))
            report.source = f"could not explain: {type(exc).__name__}: {exc}"
            reports.append(report)
    return Report(reports)
