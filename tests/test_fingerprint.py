"""Fingerprints are byte-identical to oslo.versionedobjects'.

Golden vectors (contract section 4.2) are checked as literal strings; then
a broad model module is declared against both libraries and every
fingerprint compared, and hypothesis draws random classes for the same
comparison.  Annotations here are real objects (no ``from __future__ import
annotations``) so their reprs, which name this module, enter the hashes.
"""

import inspect
import warnings
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
from oslo_versionedobjects import fixture as ovo_fixture

from tests import interop_models
from vobjects import _fingerprint, base, fields, fixture

# Hypothesis writes a patch for failing examples with libcst, whose import
# warns; under ``filterwarnings = error`` that would hide the failure.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # pragma: no cover
        pass

EMPTY = "1.0-77509ea1ea0dd750d5864b9bd87d3f9d"
HOST = "1.0-93dac405e0b7ac9773f03493962e0750"
PLAIN_LIST_MD5 = "15ecf022a68ddbb8c2a6739cfc9f8f5e"
SUBCLASSED = "1.6-fb5f5379168bf08f7f2ce0a745e91027"
DEFAULTED_SETS = "1.0-bcc44920f2f727eca463c6eb4fe8445b"
WIDGET = "1.3-a17173ea274218b1f0ef483acdd8540d"
WIDGET_LIST = "1.1-4e21f2b6c01a41cdfb1d04bd3e395b15"
WIDGET_REPR = (
    "([('id', Integer(default=<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>,nullable=False)), "
    "('ips', List(default=[],nullable=False)), "
    "('name', String(default=<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>,nullable=True)), "
    "('parent', Object(default=<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>,nullable=True)), "
    "('state', Enum(default=off,nullable=False,valid_values=['on', 'off'])), "
    "('tags', Set(default=set([]),nullable=False))], "
    "[('annotated', FullArgSpec(args=['self', 'x'], varargs=None, varkw=None, defaults=None, kwonlyargs=['y'], "
    "kwonlydefaults={'y': 1}, annotations={'return': None, 'x': <class 'int'>})), "
    "('get_by_id', ArgSpec(args=['cls', 'context', 'id'], varargs=None, keywords=None, defaults=None)), "
    "('save', ArgSpec(args=['self', 'force'], varargs=None, keywords=None, defaults=(False,)))])"
)


def hashes_of(*classes):
    """``{name: fingerprint}`` computed by vobjects' checker over exactly ``classes``."""
    return fixture.ObjectVersionChecker({cls.obj_name(): [cls] for cls in classes}).get_hashes()


# -- golden vectors --------------------------------------------------------------


def test_empty_object_vector():
    """An object with no fields and no remotable methods hashes to the contract's vector."""

    @base.VersionedObjectRegistry.register
    class Empty(base.VersionedObject):
        pass

    assert fixture.ObjectVersionChecker().get_hashes()["Empty"] == EMPTY
    assert _fingerprint.md5_hex("([], [])") == EMPTY.split("-")[1]


def test_host_vector():
    """A single StringField: the sentinel text of OVO's module is part of the hash."""

    @base.VersionedObjectRegistry.register
    class Host(base.VersionedObject):
        VERSION = "1.0"
        fields = {"name": fields.StringField()}

    assert repr(_fingerprint.fingerprint_data(Host)) == (
        "([('name', String(default=<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>,nullable=False))], [])"
    )
    assert hashes_of(Host) == {"Host": HOST}


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_plain_list_vector(version):
    """Any list with only ``objects`` and empty child_versions shares one md5."""

    @base.VersionedObjectRegistry.register
    class PortList(base.ObjectListBase, base.VersionedObject):
        VERSION = version
        fields = {"objects": fields.ListOfObjectsField("Port")}

    assert hashes_of(PortList) == {"PortList": f"{version}-{PLAIN_LIST_MD5}"}


def _upstream_classes(base_mod, fld):
    """The classes behind OVO's ``TestSubclassedObject`` vector: same schema, own bodies."""

    @base_mod.VersionedObjectRegistry.register
    class MyOwnedObject(base_mod.VersionedObject):
        VERSION = "1.0"
        fields = {"baz": fld.Field(fld.Integer())}

    @base_mod.VersionedObjectRegistry.register
    class MyObj(base_mod.VersionedObject, base_mod.VersionedObjectDictCompat):
        VERSION = "1.6"
        fields = {
            "foo": fld.Field(fld.Integer(), default=1),
            "bar": fld.Field(fld.String()),
            "missing": fld.Field(fld.String()),
            "readonly": fld.Field(fld.Integer(), read_only=True),
            "rel_object": fld.ObjectField("MyOwnedObject", nullable=True),
            "rel_objects": fld.ListOfObjectsField("MyOwnedObject", nullable=True),
            "mutable_default": fld.ListOfStringsField(default=[]),
            "timestamp": fld.DateTimeField(nullable=True),
        }

        @staticmethod
        def _from_db_object(context, obj, db_obj):
            return obj

        @classmethod
        @base_mod.remotable
        def query(cls, context):
            return cls(context=context)

        @base_mod.remotable
        def marco(self):
            return "polo"

        @base_mod.remotable
        def _update_test(self):
            self.bar = "updated"

        @base_mod.remotable
        def save(self):
            self.obj_reset_changes()

        @base_mod.remotable
        def refresh(self):
            self.obj_reset_changes()

        @base_mod.remotable
        def modify_save_modify(self):
            self.bar = "meow"

    class RandomMixInWithNoFields:
        pass

    @base_mod.VersionedObjectRegistry.register
    class TestSubclassedObject(RandomMixInWithNoFields, MyObj):
        fields = {"new_field": fld.Field(fld.String())}
        child_versions = {f"1.{n}": v for n, v in enumerate(["1.0", "1.1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"])}

    return TestSubclassedObject


def test_upstream_subclassed_object_vector():
    """OVO's own test vector: inherited fields, six remotables, a mixin, child_versions."""
    _upstream_classes(base, fields)
    assert fixture.ObjectVersionChecker().get_hashes()["TestSubclassedObject"] == SUBCLASSED


def test_defaulted_set_vector():
    """Set defaults print in the old ``set([...])`` form, sorted by text."""

    class ClassWithDefaultedSetField(base.VersionedObject):
        VERSION = "1.0"
        fields = {
            "empty_default": fields.SetOfIntegersField(default=set()),
            "non_empty_default": fields.SetOfIntegersField(default={1, 2}),
        }

    assert hashes_of(ClassWithDefaultedSetField) == {"ClassWithDefaultedSetField": DEFAULTED_SETS}


def _widgets(base_mod, fld):
    @base_mod.VersionedObjectRegistry.register
    class Widget(base_mod.VersionedObject):
        VERSION = "1.3"
        fields = {
            "id": fld.IntegerField(),
            "name": fld.StringField(nullable=True),
            "tags": fld.SetOfStringsField(default=set()),
            "state": fld.EnumField(["on", "off"], default="off"),
            "parent": fld.ObjectField("Widget", nullable=True),
            "ips": fld.ListOfStringsField(default=[]),
        }

        @base_mod.remotable
        def save(self, force=False):
            pass

        @classmethod
        @base_mod.remotable
        def get_by_id(cls, context, id):
            pass

        @base_mod.remotable
        def annotated(self, x: int, *, y=1) -> None:
            pass

        def plain(self):
            pass

    @base_mod.VersionedObjectRegistry.register
    class WidgetList(base_mod.ObjectListBase, base_mod.VersionedObject):
        VERSION = "1.1"
        fields = {"objects": fld.ListOfObjectsField("Widget")}
        child_versions = {"1.0": "1.2", "1.1": "1.3"}

    return Widget, WidgetList


def test_widget_worked_example():
    """The contract's worked example: the exact repr, and both hashes."""
    widget, widget_list = _widgets(base, fields)
    assert repr(_fingerprint.fingerprint_data(widget)) == WIDGET_REPR
    assert hashes_of(widget, widget_list) == {"Widget": WIDGET, "WidgetList": WIDGET_LIST}


def test_inputs_text_reproduces_the_hashed_repr():
    """The text model used by snapshots and explanations re-creates the hashed repr exactly."""
    widget, widget_list = _widgets(base, fields)
    for cls, expected in ((widget, WIDGET), (widget_list, WIDGET_LIST)):
        inputs = _fingerprint.Inputs.from_class(cls)
        assert inputs.text() == repr(_fingerprint.fingerprint_data(cls))
        assert inputs.fingerprint() == expected
        assert _fingerprint.Inputs.from_json(inputs.to_json()) == inputs


def test_blind_spots_are_kept():
    """Changes OVO's hash cannot see stay invisible, or stored tables would break."""
    pairs = [
        (fields.ListOfStringsField(), fields.ListOfIntegersField()),
        (fields.ObjectField("A"), fields.ObjectField("B")),
        (fields.DateTimeField(), fields.DateTimeField(tzinfo_aware=False)),
        (fields.StringField(read_only=True), fields.StringField()),
        (fields.IntegerField(), fields.Field(fields.Integer())),
    ]
    for left, right in pairs:
        one = type("Blind", (base.VersionedObject,), {"fields": {"f": left}})
        two = type("Blind", (base.VersionedObject,), {"fields": {"f": right}})
        assert hashes_of(one) == hashes_of(two)


def test_both_classmethod_spellings_hash_the_same():
    """``@classmethod @remotable`` and ``@remotable_classmethod`` give one entry."""

    class First(base.VersionedObject):
        @classmethod
        @base.remotable
        def get(cls, context, id):
            pass

    with pytest.warns(DeprecationWarning):

        class Second(base.VersionedObject):
            @base.remotable_classmethod
            def get(cls, context, id):
                pass

    assert hashes_of(First)["First"].split("-")[1] == hashes_of(Second)["Second"].split("-")[1]


def test_method_spec_forms():
    """ArgSpec unless annotations or keyword-only arguments call for FullArgSpec."""

    def plain(a, b, kw1=123, **kwargs):
        pass

    def star(a, b, *args):
        pass

    def modern(a, b, *args, kw1=123, **kwargs):
        pass

    def hinted(self) -> None:
        pass

    assert fixture.get_method_spec(plain) == fixture.ArgSpec(["a", "b", "kw1"], None, "kwargs", (123,))
    assert repr(fixture.get_method_spec(star)) == (
        "ArgSpec(args=['a', 'b'], varargs='args', keywords=None, defaults=None)"
    )
    assert fixture.get_method_spec(modern) == inspect.getfullargspec(modern)
    assert isinstance(fixture.get_method_spec(hinted), inspect.FullArgSpec)
    assert fixture.CompatArgSpec is fixture.ArgSpec


def test_oslo_ordered_dict_repr():
    """The pre-3.12 OrderedDict repr, empty and not."""
    assert repr(fixture.OsloOrderedDict()) == "OrderedDict()"
    assert (
        repr(fixture.OsloOrderedDict([("1.0", "1.2"), ("1.1", "1.3")]))
        == "OrderedDict([('1.0', '1.2'), ('1.1', '1.3')])"
    )
    assert repr(fixture.OsloOrderedDict) == repr(fixture.OsloOrderedDict)  # the class itself is untouched
    assert repr(ovo_fixture.OsloOrderedDict([("a", "b")])) == repr(fixture.OsloOrderedDict([("a", "b")]))


def test_extra_data_func_is_appended():
    """``extra_data_func`` adds its tuple after the standard parts."""

    class Extra(base.VersionedObject):
        VERSION = "1.2"

    checker = fixture.ObjectVersionChecker({"Extra": [Extra]})
    result = checker.get_hashes(extra_data_func=lambda cls: ("x", 1))
    assert result == {"Extra": "1.2-" + _fingerprint.md5_hex(repr(([], [], "x", 1)))}


def test_find_remotable_method_follows_ovo_rules():
    """Only callables below a remotable layer count; a bare classmethod is not one."""

    class Thing(base.VersionedObject):
        @base.remotable
        def act(self):
            pass

        @classmethod
        @base.remotable
        def make(cls, context):
            pass

        def plain(self):
            pass

        @classmethod
        def plain_class(cls):
            pass

    checker = fixture.ObjectVersionChecker({})
    assert checker._find_remotable_method(Thing, Thing.act).__name__ == "act"
    assert checker._find_remotable_method(Thing, Thing.make).__name__ == "make"
    assert checker._find_remotable_method(Thing, Thing.__dict__["make"]).__name__ == "make"
    assert checker._find_remotable_method(Thing, Thing.plain) is None
    assert checker._find_remotable_method(Thing, Thing.plain_class) is None
    assert checker._find_remotable_method(Thing, Thing.plain, parent_was_remotable=True) is Thing.plain


# -- interop: a broad model in both libraries ----------------------------------------------


class Size:
    """A user type named in annotations: its repr names this module on both sides."""


def define(base_mod, fld):
    """Declare a broad set of classes against one library; returns them by name."""
    register = base_mod.VersionedObjectRegistry.register

    class Celsius(fld.Float):
        pass

    class CelsiusField(fld.AutoTypedField):
        AUTO_TYPE = Celsius()

    class Flavor(fld.Enum):
        def __init__(self, **kwargs):
            super().__init__(valid_values=("small", "large"), **kwargs)

    class FlavorField(fld.BaseEnumField):
        AUTO_TYPE = Flavor()

    class Light(fld.StateMachine):
        RED, AMBER, GREEN = "red", "amber", "green"
        ALLOWED_TRANSITIONS = {RED: {GREEN}, GREEN: {AMBER}, AMBER: {RED}}

        def __init__(self, **kwargs):
            super().__init__(valid_values=(self.RED, self.AMBER, self.GREEN), **kwargs)

    @register
    class Defaults(base_mod.VersionedObject):
        """Nullable and default combinations, container defaults included."""

        VERSION = "1.7"
        fields = {
            "int_null_none": fld.IntegerField(nullable=True, default=None),
            "int_zero": fld.IntegerField(default=0),
            "int_neg": fld.IntegerField(default=-3),
            "str_null_default": fld.StringField(nullable=True, default="x y"),
            "str_empty": fld.StringField(default=""),
            "float_default": fld.FloatField(default=1.5),
            "bool_true": fld.BooleanField(default=True),
            "flex": fld.FlexibleBooleanField(nullable=True, default=False),
            "list_empty": fld.ListOfStringsField(default=[]),
            "list_full": fld.ListOfStringsField(default=["b", "a"]),
            "list_int": fld.ListOfIntegersField(default=[3, 1]),
            "dict_empty": fld.DictOfStringsField(default={}),
            "dict_full": fld.DictOfStringsField(default={"k": "v", "a": "b"}),
            "dict_null": fld.DictOfNullableStringsField(default={"k": None}),
            "set_empty": fld.SetOfIntegersField(default=set()),
            "set_full": fld.SetOfIntegersField(default={10, 2, 1}),
            "set_str": fld.SetOfStringsField(default={"b", "a"}),
            "when": fld.DateTimeField(nullable=True, default=None),
            "uuid": fld.UUIDField(default="00000000-0000-0000-0000-000000000001"),
            "enum_default": fld.EnumField(valid_values=("x", "y"), default="x"),
            "enum_list_default": fld.ListOfEnumField(valid_values=["a", "b"], default=["a"]),
            "enum_null": fld.EnumField(valid_values=["p"], nullable=True),
            "temp": CelsiusField(default=21.5),
            "raw_temp": fld.Field(Celsius(), nullable=True),
            "flavor": FlavorField(default="small"),
            "light": Light(default="red"),
            "nested_list": fld.Field(fld.List(fld.Dict(fld.Integer())), default=[]),
            "compound_set": fld.Field(fld.Set(fld.String()), nullable=True),
        }

    class Auditable:
        """A plain mixin that contributes a field and a remotable method."""

        fields = {"audit_id": fld.StringField(nullable=True)}

        @base_mod.remotable
        def audit(self, reason, *details, **extra):
            pass

    @register
    class Record(base_mod.VersionedObject, base_mod.TimestampedObject):
        VERSION = "2.4"
        fields = {
            "id": fld.IntegerField(),
            "owner": fld.ObjectField("Defaults", nullable=True),
            "owners": fld.ListOfObjectsField("Defaults", default=[]),
            "any_owner": fld.ObjectField("Defaults", subclasses=True, nullable=True),
        }

        @base_mod.remotable
        def save(self):
            pass

        @base_mod.remotable
        def resize(self, size: Size, *, force: bool = False, reason=None) -> None:
            pass

        @base_mod.remotable
        def move(self, *, host, node=None):
            pass

        @base_mod.remotable
        def forward(self, target: "Record"):
            pass

        @classmethod
        @base_mod.remotable
        def get_by_id(cls, context, id, read_deleted="no"):
            pass

        @classmethod
        @base_mod.remotable
        def search(cls, context, *filters, limit: int = 10, **options) -> list:
            pass

        @classmethod
        def not_remotable(cls, context):
            pass

        @staticmethod
        def helper():
            pass

        @property
        def label(self):
            return "record"

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)

        @register
        class AuditedRecord(Auditable, Record):
            """Inherits fields and remotables, overrides one with a new signature, adds a field."""

            VERSION = "2.5"
            fields = {"note": fld.StringField(nullable=True)}

            @base_mod.remotable
            def save(self, expected_task_state=None):
                pass

            @base_mod.remotable_classmethod
            def get_all(cls, context, marker=None, limit=None):
                pass

            @base_mod.remotable_classmethod
            def find(cls, context, name: str, *, exact: bool = True, size: Size = None) -> "AuditedRecord":
                pass

    @register
    class RecordList(base_mod.ObjectListBase, base_mod.VersionedObject):
        VERSION = "1.10"
        fields = {"objects": fld.ListOfObjectsField("Record")}
        child_versions = {"1.0": "2.0", "1.2": "2.1", "1.9": "2.3", "1.10": "2.4"}

        @classmethod
        @base_mod.remotable
        def get_by_owner(cls, context, owner_id, *, sort_key="id"):
            pass

    @register
    class Renamed(base_mod.VersionedObject):
        VERSION = "1.1"
        fields = {"value": fld.SensitiveStringField(nullable=True)}

        @classmethod
        def obj_name(cls):
            return "RenamedOnTheWire"

    return SimpleNamespace(
        Defaults=Defaults, Record=Record, AuditedRecord=AuditedRecord, RecordList=RecordList, Renamed=Renamed
    )


@pytest.fixture
def both():
    """The broad model and interop_models declared against vobjects and against OVO."""
    ours = define(base, fields)
    interop_models.define(base, fields)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = define(ovo_base, ovo_fields)
        interop_models.define(ovo_base, ovo_fields)
    return ours, theirs


MODEL_NAMES = [
    "AuditedRecord", "Branch", "Defaults", "Everything", "Host", "Leaf", "LeafList", "Port", "PortList",
    "Record", "RecordList", "RenamedOnTheWire",
]  # fmt: skip


def test_interop_hashes_equal_per_class(both):
    """Every class of the broad model hashes identically in vobjects and in OVO."""
    ours = fixture.ObjectVersionChecker().get_hashes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ovo_fixture.ObjectVersionChecker().get_hashes()
    for name in MODEL_NAMES:
        assert ours[name] == theirs[name], name


def test_interop_inputs_equal_per_class(both):
    """Field and method-spec reprs agree piece by piece (a readable diff when they do not)."""
    ours, theirs = both
    for name in ("Defaults", "Record", "AuditedRecord", "RecordList", "Renamed"):
        mine = _fingerprint.Inputs.from_class(getattr(ours, name))
        other = _fingerprint.Inputs.from_class(getattr(theirs, name))
        assert mine.fields == other.fields
        assert mine.methods == other.methods
        assert mine.child_versions == other.child_versions


def test_interop_extra_data_func(both):
    """An ``extra_data_func`` result enters both hashes the same way."""

    def extra(cls):
        return (sorted(getattr(cls, "obj_relationships", {}).items()), cls.__name__)

    ours = fixture.ObjectVersionChecker().get_hashes(extra_data_func=extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ovo_fixture.ObjectVersionChecker().get_hashes(extra_data_func=extra)
    for name in MODEL_NAMES:
        assert ours[name] == theirs[name], name


def test_our_checker_on_ovo_classes_matches_ovo(both):
    """The algorithm alone: vobjects' checker over OVO's registry gives OVO's hashes."""
    registry = ovo_base.VersionedObjectRegistry.obj_classes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ovo_fixture.ObjectVersionChecker().get_hashes()
    ours = fixture.ObjectVersionChecker({name: registry[name] for name in MODEL_NAMES}).get_hashes()
    assert ours == {name: theirs[name] for name in MODEL_NAMES}


def test_interop_dependency_trees(both):
    """On acyclic models the dependency tree is OVO's, list fields ignored."""
    ours = fixture.ObjectVersionChecker().get_dependency_tree()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ovo_fixture.ObjectVersionChecker().get_dependency_tree()
    assert {k: v for k, v in ours.items() if k in MODEL_NAMES} == {k: v for k, v in theirs.items() if k in MODEL_NAMES}


# -- interop: random classes -----------------------------------------------------------

_SCALARS = {
    "IntegerField": [0, 7, -1],
    "StringField": ["", "a b", "ünï"],
    "FloatField": [0.5, 2.0],
    "BooleanField": [True, False],
    "UUIDField": ["00000000-0000-0000-0000-00000000000a"],
    "NonNegativeIntegerField": [0, 4],
    "FlexibleBooleanField": [True],
    "DateTimeField": [None],
    "IPAddressField": [None],
    "MACAddressField": [None],
    "SensitiveStringField": ["secret"],
    "ListOfStringsField": [[], ["x", "y"]],
    "ListOfIntegersField": [[], [2, 1]],
    "DictOfStringsField": [{}, {"k": "v"}],
    "DictOfIntegersField": [{"a": 1}],
    "SetOfIntegersField": [set(), {10, 2, 1}],
    "SetOfStringsField": [set(), {"z", "a"}],
    "ListOfDictOfNullableStringsField": [[]],
}


@st.composite
def field_specs(draw):
    kind = draw(st.sampled_from(sorted(_SCALARS) + ["EnumField"]))
    nullable = draw(st.booleans())
    if kind == "EnumField":
        values = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True))
        default = draw(st.one_of(st.just(None), st.sampled_from(values)))
        return (kind, nullable, default, tuple(values))
    options = [value for value in _SCALARS[kind] if value is not None]
    default = draw(st.one_of(st.just(None), st.sampled_from(options))) if options else None
    return (kind, nullable, default, None)


def make_field(fld, spec):
    kind, nullable, default, values = spec
    kwargs = {"nullable": nullable}
    if default is not None:
        kwargs["default"] = type(default)(default) if isinstance(default, (list, dict, set)) else default
    if values is not None:
        kwargs["valid_values"] = list(values)
    return getattr(fld, kind)(**kwargs)


ARG_NAMES = ("context", "id", "flag", "limit", "name")


@st.composite
def method_specs(draw):
    args = draw(st.lists(st.sampled_from(ARG_NAMES), unique=True, max_size=4))
    n_defaults = draw(st.integers(0, len(args)))
    varargs = draw(st.booleans())
    kwonly = draw(st.lists(st.sampled_from(("force", "reason")), unique=True, max_size=2))
    varkw = draw(st.booleans())
    annotate = draw(st.sampled_from(["none", "int", "return"]))
    is_class = draw(st.booleans())
    return (tuple(args), n_defaults, varargs, tuple(kwonly), varkw, annotate, is_class)


def make_function(name, spec):
    args, n_defaults, varargs, kwonly, varkw, annotate, is_class = spec
    params = ["cls" if is_class else "self"]
    for index, arg in enumerate(args):
        text = arg + (": int" if annotate == "int" and index == 0 else "")
        if index >= len(args) - n_defaults:
            text += " = 1" if ":" in text else "=None"
        params.append(text)
    if varargs:
        params.append("*rest")
    elif kwonly:
        params.append("*")
    params.extend(f"{arg}=False" for arg in kwonly)
    if varkw:
        params.append("**kw")
    ret = " -> None" if annotate == "return" else ""
    namespace = {}
    exec(f"def {name}({', '.join(params)}){ret}:\n    pass\n", namespace)
    return namespace[name]


def build(base_mod, fld, name, version, field_list, methods):
    body = {"VERSION": version, "fields": {fname: make_field(fld, spec) for fname, spec in field_list}}
    for mname, spec in methods:
        wrapped = base_mod.remotable(make_function(mname, spec))
        body[mname] = classmethod(wrapped) if spec[-1] else wrapped
    return type(name, (base_mod.VersionedObject,), body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field_list=st.lists(st.tuples(st.sampled_from("abcdefghij"), field_specs()), max_size=8, unique_by=lambda f: f[0]),
    methods=st.lists(st.tuples(st.sampled_from(["act", "get", "save", "sync"]), method_specs()), max_size=3,
                     unique_by=lambda m: m[0]),
    version=st.sampled_from(["1.0", "1.5", "2.11"]),
)  # fmt: skip
def test_random_classes_hash_like_ovo(field_list, methods, version):
    """Random fields (types, nullability, defaults) and remotable signatures hash as in OVO."""
    ours = build(base, fields, "Random", version, field_list, methods)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = build(ovo_base, ovo_fields, "Random", version, field_list, methods)
        expected = ovo_fixture.ObjectVersionChecker({"Random": [theirs]}).get_hashes()
    assert fixture.ObjectVersionChecker({"Random": [ours]}).get_hashes() == expected
