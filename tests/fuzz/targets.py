"""Fuzz targets: plain functions that feed hostile input to vobjects and enforce the contract.

Each target takes bytes (``*_bytes``) or an already decoded Python value and
returns normally when vobjects behaved, or raises :class:`ContractViolation`
(chained to what went wrong) when it did not.  The hypothesis tests
(``test_fuzz_hypothesis.py``) and the atheris harness (``atheris_main.py``)
both call them, so the contract is written once, here.

The contract, for any input:

* only the exceptions allowed below escape;
* never ``RecursionError`` or ``MemoryError``, never a hang
  (:data:`HANG_SECONDS`), never a crash of the process;
* every object produced is of a class registered in ``FuzzRegistry``
  (no object of an unregistered class is created);
* the registries (the shared one and ``FuzzRegistry``) are unchanged after
  the call, whether it failed or not;
* a hydrated object can be shown (``repr``) and sent on (``obj_to_primitive``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.fuzz import models
from vobjects import _registry, exception, fields
from vobjects._object import VersionedObject

#: What may escape ``obj_from_primitive`` and ``deserialize_entity``.
HYDRATION_ALLOWED: tuple[type[BaseException], ...] = (
    # The documented tree (vobjects/exception.py): MalformedPrimitive and its
    # PrimitiveKeyMissing/TooDeep/TooLarge, FieldValueInvalid/FieldTypeInvalid,
    # UnsupportedObjectError, IncompatibleObjectVersion, ReadOnlyFieldError.
    # Each also derives from the builtin OVO raises (ValueError, KeyError,
    # TypeError), so the builtins need no entry of their own here: a bare
    # builtin escaping hydration is a bug (it would lack object/field/version).
    exception.VersionedObjectsException,
    # UUID fields keep OVO's documented behaviour: a malformed UUID only warns
    # (FutureWarning), which becomes an exception under an "error" filter.
    FutureWarning,
)

#: What may escape a field type's ``coerce``/``from_primitive``/``hydrate``
#: called directly: the builtins OVO's field types raise (fields docs,
#: ``doc/source/ovo-differences.rst``).  The object core wraps each of them
#: in FieldValueInvalid/FieldTypeInvalid naming object, field and version.
FIELD_ALLOWED: tuple[type[BaseException], ...] = (
    # Every field type rejects a bad value with ValueError (int('x'), Enum,
    # MAC, IP, DateTime...); UnicodeError and netaddr errors are subclasses.
    ValueError,
    # A value of the wrong kind: int([]), set([[1]]) (unhashable), and
    # KeyTypeError for a non-str dict key.
    TypeError,
    # Dict.from_primitive/Set.from_primitive of a non-container call .items()
    # or iterate it, as OVO does (``[].items()``).
    AttributeError,
    # int(float('inf')) and float(10**400) in Integer/Float, as in OVO.
    OverflowError,
    # Object fields hydrate nested primitives: the documented tree.
    exception.VersionedObjectsException,
    FutureWarning,
)

#: What the byte decoders (oslo.serialization, before vobjects sees anything)
#: may raise: anything but MemoryError.  They are not vobjects' code; the
#: stdlib JSON decoder raises RecursionError for arrays nested ~1000 deep,
#: msgpack raises its own ValueError subclasses, and msgpackutils' extension
#: hooks raise whatever the datetime/uuid/netaddr constructors raise on
#: garbage.  The harness only needs to tell "rejected before vobjects" apart.
DECODER_ALLOWED: tuple[type[BaseException], ...] = (Exception,)

#: A single call taking longer than this counts as a hang.
HANG_SECONDS = 10.0

NEVER: tuple[type[BaseException], ...] = (RecursionError, MemoryError)


class ContractViolation(AssertionError):
    """vobjects broke the hostile-input contract; ``__cause__`` says how."""


def _snapshot() -> tuple[dict[Any, tuple[type, ...]], dict[Any, tuple[type, ...]]]:
    shared = {name: tuple(classes) for name, classes in _registry._Shared.table.items()}
    fuzz = {name: tuple(classes) for name, classes in models.FuzzRegistry.obj_classes().items()}
    return shared, fuzz


def _objects_in(value: Any) -> list[VersionedObject]:
    """Every VersionedObject reachable from ``value`` through fields and containers.

    Iterative, because a field of an untyped ``FieldType`` may legitimately
    hold a hostile list nested thousands deep.
    """
    seen: set[int] = set()
    found: list[VersionedObject] = []
    stack = [value]
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, VersionedObject):
            found.append(value)
            stack.extend(value.__dict__["_obj_" + name] for name in value.fields if "_obj_" + name in value.__dict__)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
    return found


def _check_result(result: Any) -> None:
    registered = models.FuzzRegistry.obj_classes()
    for obj in _objects_in(result):
        cls = type(obj)
        if cls not in registered.get(cls.obj_name(), ()):
            raise ContractViolation(f"an object of the unregistered class {cls.__qualname__} was created")
        repr(obj)
        obj.obj_to_primitive()


def run(call: Callable[[], Any], allowed: tuple[type[BaseException], ...], check: bool = True) -> Any:
    """Run ``call`` under the contract; return its result, or None if it raised an allowed error."""
    before = _snapshot()
    start = time.monotonic()
    result = None
    try:
        result = call()
    except NEVER as exc:
        raise ContractViolation(f"{type(exc).__name__} escaped") from exc
    except allowed:
        pass
    except Exception as exc:
        raise ContractViolation(f"undocumented {type(exc).__module__}.{type(exc).__qualname__}: {exc}") from exc
    finally:
        elapsed = time.monotonic() - start
    if elapsed > HANG_SECONDS:
        raise ContractViolation(f"one call took {elapsed:.1f}s")
    if _snapshot() != before:
        raise ContractViolation("the registry changed")
    if check and result is not None:
        try:
            _check_result(result)
        except ContractViolation:
            raise
        except Exception as exc:
            raise ContractViolation(f"a hydrated object broke on repr/obj_to_primitive: {exc!r}") from exc
    return result


# -- targets on Python values ------------------------------------------------------


def hydrate(primitive: Any) -> Any:
    """``FuzzBase.obj_from_primitive`` and the shared registry's, under the contract."""
    run(lambda: VersionedObject.obj_from_primitive(primitive), HYDRATION_ALLOWED)
    return run(lambda: models.FuzzBase.obj_from_primitive(primitive), HYDRATION_ALLOWED)


_serializer: Any = None


def _get_serializer() -> Any:
    global _serializer
    if _serializer is None:
        from vobjects.base import VersionedObjectSerializer

        class FuzzSerializer(VersionedObjectSerializer):  # type: ignore[misc,valid-type]
            OBJ_BASE_CLASS = models.FuzzBase

        _serializer = FuzzSerializer()
    return _serializer


def deserialize(entity: Any) -> Any:
    """``VersionedObjectSerializer().deserialize_entity`` under the contract."""
    serializer = _get_serializer()
    return run(lambda: serializer.deserialize_entity(None, entity), HYDRATION_ALLOWED)


def _owner() -> VersionedObject:
    return models.Node(id=1)


#: Every field type vobjects ships, as the objects use them.
FIELD_TYPES: list[tuple[str, fields.Field[Any]]] = [
    *models.SCALAR_FIELDS.items(),
    *models.CONTAINER_FIELDS.items(),
    ("object", fields.ObjectField("Node")),
    ("object_sub", fields.ObjectField("Scalars", subclasses=True)),
    ("objects", fields.ListOfObjectsField("Node")),
]


def field_value(index: int, value: Any) -> None:
    """Field type ``index``: ``coerce``, ``from_primitive`` and ``hydrate`` of ``value``."""
    name, field = FIELD_TYPES[index % len(FIELD_TYPES)]
    ftype = field._type
    owner = _owner()
    run(lambda: field.coerce(owner, name, value), FIELD_ALLOWED, check=False)
    run(lambda: field.from_primitive(owner, name, value), FIELD_ALLOWED, check=False)
    run(lambda: ftype.coerce(owner, name, value), FIELD_ALLOWED, check=False)
    run(lambda: ftype.from_primitive(owner, name, value), FIELD_ALLOWED, check=False)
    run(lambda: ftype.hydrate(owner, name, value), FIELD_ALLOWED, check=False)


def every_field(value: Any) -> None:
    """:func:`field_value` of ``value`` for every field type."""
    for index in range(len(FIELD_TYPES)):
        field_value(index, value)


# -- targets on bytes --------------------------------------------------------------


def _decode(loads: Callable[[bytes], Any], data: bytes) -> tuple[bool, Any]:
    try:
        return True, loads(data)
    except MemoryError as exc:
        raise ContractViolation("the decoder ran out of memory") from exc
    except DECODER_ALLOWED:
        return False, None


def _hydrate_decoded(value: Any) -> None:
    deserialize(value)
    if isinstance(value, dict):
        hydrate(value)
        data = value.get("versioned_object.data")
        if isinstance(data, dict):
            # Also each field of a mutated primitive, on its own, into every type.
            for item in list(data.values())[:4]:
                every_field(item)


def json_bytes(data: bytes) -> None:
    """Bytes through ``jsonutils.loads``, then hydration and deserialization."""
    from oslo_serialization import jsonutils

    ok, value = _decode(jsonutils.loads, data)
    if ok:
        _hydrate_decoded(value)


def msgpack_bytes(data: bytes) -> None:
    """Bytes through ``msgpackutils.loads`` (with its extension types), then hydration."""
    from oslo_serialization import msgpackutils

    ok, value = _decode(msgpackutils.loads, data)
    if ok:
        _hydrate_decoded(value)


def field_bytes(data: bytes) -> None:
    """First byte picks a field type; the rest, as JSON or msgpack, is its value."""
    if not data:
        return
    from oslo_serialization import jsonutils, msgpackutils

    index, rest = data[0], data[1:]
    loads = msgpackutils.loads if index & 0x80 else jsonutils.loads
    ok, value = _decode(loads, rest)
    if ok:
        field_value(index & 0x7F, value)
        if isinstance(value, str):
            field_value(index & 0x7F, value.encode("utf-8", "surrogatepass"))


def seeds() -> list[Any]:
    """Primitives of the sample objects, plus a serializer payload holding them."""
    prims: list[Any] = [obj.obj_to_primitive() for obj in models.sample_objects()]
    return [*prims, {"args": prims[:2], "kw": {"x": prims[-1]}}]
