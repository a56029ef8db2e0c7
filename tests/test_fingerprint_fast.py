"""The fingerprint's fast walk over a class's methods gives what OVO's ``dir`` walk gives.

``vobjects._methodscan`` reads the class dicts along the MRO (summaries kept
while the dicts hold the same objects) instead of ``getattr`` on every name of
``dir(cls)``.  OVO's own checker, run on the same vobjects classes in the same
state, is the oracle: every hash must be equal, before and after each change
a test suite might make to a class.
"""

from __future__ import annotations

import abc
import gc
import inspect
import warnings
import weakref
from unittest import mock

import pytest
from oslo_versionedobjects import fixture as ovo_fixture

from vobjects import _fingerprint, _methodscan, base, fields, fixture

register = base.VersionedObjectRegistry.register


def _save(self, context=None):
    """A remotable body."""


def _get(cls, context, ident):
    """A remotable classmethod body."""


def _hashes(classes, checker=fixture.ObjectVersionChecker):
    """``get_hashes`` of vobjects' checker, asserted equal to OVO's checker on the same classes."""
    obj_classes = {cls.obj_name(): [cls] for cls in classes}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = ovo_fixture.ObjectVersionChecker(obj_classes).get_hashes()
    assert checker(obj_classes).get_hashes() == expected
    return expected


@pytest.fixture
def thing():
    @register
    class Thing(base.VersionedObject):
        VERSION = "1.4"
        fields = {"id": fields.IntegerField(), "name": fields.StringField(nullable=True)}

        @base.remotable
        def save(self, context=None):
            pass

        @classmethod
        @base.remotable
        def get_by_id(cls, context, ident, expected_attrs=None):
            pass

        def plain(self):
            pass

    return Thing


def test_generated_classes_hash_as_in_ovo_twice():
    """200 generated classes (lists included) hash as OVO hashes them, on a first and a second call."""
    from benchmarks import fingerprints

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # remotable_classmethod
        classes = [found[0] for found in fingerprints.generate_classes(base, fields).values()]
    assert _hashes(classes) == _hashes(classes)


def test_method_added_and_removed_after_a_first_hash(thing):
    """A remotable method patched onto the class, then removed, changes the hash at once, both ways."""
    before = _hashes([thing])
    with mock.patch.object(thing, "destroy", base.remotable(_save), create=True):
        during = _hashes([thing])
    assert during != before
    assert _hashes([thing]) == before


def test_method_added_to_a_base_class(thing):
    """A remotable method patched onto VersionedObject reaches every class's hash."""
    before = _hashes([thing])
    with mock.patch.object(base.VersionedObject, "refresh", base.remotable(_save), create=True):
        assert _hashes([thing]) != before
    assert _hashes([thing]) == before


def test_shadowing_by_a_subclass(thing):
    """A subclass hiding a remotable method behind a property, or a plain method, drops it."""

    @register
    class Hidden(thing):
        save = property(lambda self: None)
        get_by_id = None

    @register
    class Plain(thing):
        def save(self, context=None):
            pass

    hashes = _hashes([thing, Hidden, Plain])
    assert len(set(hashes.values())) == 3


def test_marking_an_existing_function_remotable(thing):
    """Marking a plain method's function remotable, without touching the class dict, is seen."""
    before = _hashes([thing])
    function = thing.__dict__["plain"]
    function.remotable = True
    function.original_fn = _save
    try:
        assert _hashes([thing]) != before
    finally:
        del function.remotable, function.original_fn
    assert _hashes([thing]) == before


def test_other_ways_to_store_a_remotable_method(thing):
    """A staticmethod, a custom descriptor, a bound method, stacked classmethods, even ``__doc__``, as in OVO."""

    class Descriptor:
        def __get__(self, obj, owner=None):
            return base.remotable(_save)

    class Holder:
        @base.remotable
        def act(self):
            pass

    @register
    class Odd(thing):
        __doc__ = base.remotable(_save)  # type's own __doc__ getter binds it
        static = staticmethod(base.remotable(_save))
        described = Descriptor()
        bound = Holder().act
        stacked = classmethod(classmethod(base.remotable(_get)))
        wrapped = classmethod(classmethod(base.remotable(base.remotable(_get))))

    _hashes([Odd])


def test_a_metaclass_with_its_own_dir_or_getattribute(thing):
    """Classes whose metaclass changes dir or attribute lookup take the plain walk, with OVO's result."""

    class ShortDir(type):
        def __dir__(cls):
            return ["VERSION", "fields"]

    class Served(type):
        def __getattribute__(cls, name):
            if name == "extra":
                return base.remotable(_save)
            return super().__getattribute__(name)

    class Narrow(thing, metaclass=ShortDir):
        pass

    class Wide(thing, metaclass=Served):
        extra = None

    hashes = _hashes([register(Narrow), register(Wide)])
    assert hashes["Narrow"] != hashes["Wide"]


def test_an_abc_metaclass_with_a_data_descriptor(thing):
    """A metaclass's own data descriptor wins over the class attribute, as getattr decides."""

    class Meta(abc.ABCMeta):
        lookup = property(lambda cls: base.remotable(_save))

    class Listy(base.ObjectListBase, base.VersionedObject, metaclass=Meta):
        fields = {"objects": fields.ListOfObjectsField("Thing")}
        lookup = None

    _hashes([register(Listy)])


def test_an_attribute_whose_eq_fails(thing):
    """Replacing an attribute by one whose __eq__ raises does not break the check: it is read again."""

    class Touchy:
        def __eq__(self, other):
            raise RuntimeError("no comparing")

        __hash__ = object.__hash__

    thing.touchy = Touchy()
    before = _hashes([thing])
    thing.touchy = Touchy()
    with mock.patch.object(thing, "later", base.remotable(_save), create=True):
        assert _hashes([thing]) != before


def test_a_checker_with_its_own_finder_sees_every_method(thing):
    """An overridden _find_remotable_method is asked about every method, remotable or not."""
    asked = []

    class Asking(fixture.ObjectVersionChecker):
        def _find_remotable_method(self, cls, thing, parent_was_remotable=False):
            asked.append(getattr(thing, "__name__", None))
            return super()._find_remotable_method(cls, thing, parent_was_remotable)

    Asking({"Thing": [thing]}).get_hashes()
    assert {"plain", "save", "get_by_id", "obj_reset_changes"} <= set(asked)


def test_a_finder_patched_on_the_checker_class_is_used(thing):
    """A plain function patched in for ObjectVersionChecker._find_remotable_method is asked too."""
    asked = []

    def finder(self, cls, thing, parent_was_remotable=False):
        asked.append(getattr(thing, "__name__", None))

    with mock.patch.object(fixture.ObjectVersionChecker, "_find_remotable_method", finder):
        hashes = fixture.ObjectVersionChecker({"Thing": [thing]}).get_hashes()
    assert "plain" in asked
    assert hashes["Thing"] == "1.4-" + _fingerprint.md5_hex(repr((sorted(thing.fields.items()), [])))


def test_a_patched_module_finder_is_used(thing):
    """Patching _fingerprint.find_remotable_method (as OVO's tests patch theirs) takes effect."""
    with mock.patch.object(_fingerprint, "find_remotable_method", return_value=None):
        hashes = fixture.ObjectVersionChecker({"Thing": [thing]}).get_hashes()
    assert hashes["Thing"] == "1.4-" + _fingerprint.md5_hex(repr((sorted(thing.fields.items()), [])))


def test_remotable_methods_of_a_plain_class():
    """remotable_methods reads a class outside any registry, inherited methods included, by name."""

    class Base:
        save = base.remotable(_save)

    class Child(Base):
        get = classmethod(base.remotable(_get))

    assert [name for name, _ in _fingerprint.remotable_methods(Child)] == ["get", "save"]
    assert _fingerprint.remotable_methods(Child)[1][1] is _save


# -- remembered argument specs -------------------------------------------------------


@pytest.fixture
def acting():
    def act(self, context, limit=1, *, deep=False):
        pass

    @register
    class Acting(base.VersionedObject):
        VERSION = "1.0"
        fields = {"id": fields.IntegerField()}
        run = base.remotable(act)

    return Acting, act


@pytest.mark.parametrize(
    "change",
    [
        lambda f: setattr(f, "__defaults__", (2,)),
        lambda f: f.__kwdefaults__.update(deep=0),  # 0 == False, but its repr differs
        lambda f: f.__annotations__.update(limit=int),
        lambda f: setattr(f, "__code__", (lambda self, other: None).__code__),
        lambda f: setattr(f, "__signature__", inspect.Signature()),
    ],
    ids=["defaults", "kwdefaults", "annotations", "code", "signature"],
)
def test_a_changed_signature_is_seen(acting, change):
    """Each thing getfullargspec reads, changed after a first hash, changes the hash as in OVO."""
    cls, act = acting
    before = _hashes([cls])
    change(act)
    assert _hashes([cls]) != before


def test_specs_are_handed_out_as_copies(acting):
    """Mutating a returned spec does not change the next one."""
    _, act = acting
    spec = fixture.get_method_spec(act)
    spec.args.append("junk")
    spec.kwonlydefaults["deep"] = "junk"
    assert fixture.get_method_spec(act) == inspect.getfullargspec(act)


def test_summaries_do_not_keep_classes_alive():
    """A class that goes away takes its remembered summaries and plan with it."""

    class Passing(base.VersionedObject):
        save = base.remotable(_save)

    assert [name for name, _ in _fingerprint.remotable_methods(Passing)] == ["save"]
    key, gone = id(Passing), weakref.ref(Passing)
    del Passing
    gc.collect()
    assert gone() is None
    assert key not in _methodscan._ClassDict._cache and key not in _methodscan._MethodPlan._plans
