"""remotable, remotable_classmethod and VersionedObjectIndirectionAPI (contract 1.4, 1.8).

Each test takes ``lib`` (see conftest) and runs against vobjects and against the real
oslo.versionedobjects with the same assertions.
"""

from __future__ import annotations

import datetime
import warnings
from types import SimpleNamespace

import pytest

WHEN = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)


class RecordingAPI:
    """Indirection API that records calls; ``versions`` False makes the *_versions forms unsupported."""

    def __init__(self, updates=None, result="remote result", versions=True):
        self.calls = []
        self.updates = updates if updates is not None else {}
        self.result = result
        self.versions = versions

    def object_action(self, context, objinst, objmethod, args, kwargs):
        self.calls.append(("object_action", context, objinst, objmethod, args, kwargs))
        return self.updates, self.result

    def object_class_action_versions(self, context, objname, objmethod, object_versions, args, kwargs):
        self.calls.append(("object_class_action_versions", context, objname, objmethod, object_versions, args, kwargs))
        if not self.versions:
            raise NotImplementedError("Multi-version class action not supported")
        return self.result

    def object_class_action(self, context, objname, objmethod, objver, args, kwargs):
        self.calls.append(("object_class_action", context, objname, objmethod, objver, args, kwargs))
        return self.result


def _models(lib):
    """A Gadget with a Part child, remotable methods of both kinds, registered in ``lib``."""
    vo, flds = lib.base, lib.fields

    class Base(vo.VersionedObject):
        OBJ_PROJECT_NAMESPACE = "remtest"

    @vo.VersionedObjectRegistry.register
    class RemPart(Base):
        VERSION = "1.2"
        fields = {"id": flds.IntegerField()}

    @vo.VersionedObjectRegistry.register
    class Gadget(Base):
        VERSION = "1.4"
        fields = {
            "name": flds.StringField(),
            "when": flds.DateTimeField(nullable=True),
            "part": flds.ObjectField("RemPart", nullable=True),
        }

        @vo.remotable
        def rename(self, name, suffix=""):
            """Rename locally."""
            self.name = name + suffix
            return "local result"

        @classmethod
        @vo.remotable
        def make(cls, context, name):
            """Build one locally."""
            return cls(name=name)

        @classmethod
        @vo.remotable
        def count(cls, context):
            return 7

    return SimpleNamespace(Base=Base, Part=RemPart, Gadget=Gadget)


def test_wrapper_attributes(lib):
    """The wrapper is marked remotable, keeps the original and looks like it."""
    m = _models(lib)
    wrapper = m.Gadget.__dict__["rename"]
    assert wrapper.remotable is True
    assert wrapper.original_fn.__name__ == "rename"
    assert wrapper.__wrapped__ is wrapper.original_fn
    assert (wrapper.__name__, wrapper.__doc__) == ("rename", "Rename locally.")
    assert wrapper.__qualname__.endswith("Gadget.rename")
    assert m.Gadget.make.remotable is True


def test_instance_call_without_indirection_runs_locally(lib):
    """No indirection API: the method runs here."""
    m = _models(lib)
    gadget = m.Gadget(context="ctx", name="a")
    assert gadget.rename("b", suffix="!") == "local result"
    assert gadget.name == "b!"


def test_orphaned_object_cannot_call(lib):
    """An object without a context cannot call a remotable method."""
    m = _models(lib)
    with pytest.raises(lib.exception.OrphanedObjectError, match="Cannot call rename on orphaned Gadget object"):
        m.Gadget(name="a").rename("b")


def test_instance_call_goes_through_indirection_and_applies_updates(lib):
    """object_action gets the call; updates are applied and the changed set replaced."""
    m = _models(lib)
    part = m.Part(id=9)
    part.obj_reset_changes()
    api = RecordingAPI(
        updates={
            "name": "remote",
            "when": "2024-05-06T07:08:09Z",
            "part": part,
            "not_a_field": "ignored",
            "obj_what_changed": ["name"],
        }
    )
    m.Base.indirection_api = api
    gadget = m.Gadget(context="ctx", name="a")
    assert gadget.rename("b", suffix="!") == "remote result"
    assert api.calls == [("object_action", "ctx", gadget, "rename", ("b",), {"suffix": "!"})]
    assert gadget.name == "remote"
    assert gadget.when == WHEN
    assert gadget.part is part
    assert gadget.obj_what_changed() == {"name"}
    assert not hasattr(gadget, "not_a_field")


def test_instance_call_without_what_changed_resets_changes(lib):
    """Updates without 'obj_what_changed' leave no field marked as changed."""
    m = _models(lib)
    m.Base.indirection_api = RecordingAPI(updates={"name": "x"})
    gadget = m.Gadget(context="ctx", name="a")
    gadget.rename("b")
    assert gadget.obj_what_changed() == set()


def test_class_call_sends_the_manifest(lib):
    """object_class_action_versions gets this side's versions; the result comes back as is."""
    m = _models(lib)
    api = RecordingAPI(result=["anything"])
    m.Base.indirection_api = api
    assert m.Gadget.make("ctx", "n") == ["anything"]
    assert api.calls == [
        ("object_class_action_versions", "ctx", "Gadget", "make", {"Gadget": "1.4", "RemPart": "1.2"}, ("n",), {})
    ]


def test_class_call_context_by_keyword(lib):
    """The context may be passed as ``context=``; the rest go on as keywords."""
    m = _models(lib)
    api = RecordingAPI()
    m.Base.indirection_api = api
    m.Gadget.make(context="ctx", name="n")
    assert api.calls[0][1] == "ctx"
    assert api.calls[0][5:] == ((), {"name": "n"})


def test_class_call_without_context_is_a_key_error(lib):
    """A class call with neither positional arguments nor ``context=`` fails."""
    m = _models(lib)
    with pytest.raises(KeyError):
        m.Gadget.count()


def test_class_call_falls_back_to_single_version_form(lib):
    """On NotImplementedError the deprecated object_class_action gets the class VERSION."""
    m = _models(lib)
    api = RecordingAPI(versions=False)
    m.Base.indirection_api = api
    assert m.Gadget.make("ctx", "n") == "remote result"
    assert api.calls[1] == ("object_class_action", "ctx", "Gadget", "make", "1.4", ("n",), {})


def test_class_call_without_indirection_sets_context(lib):
    """Run locally, an object result gets the caller's context."""
    m = _models(lib)
    made = m.Gadget.make("ctx", "n")
    assert made.name == "n" and made._context == "ctx"
    assert m.Gadget.count("ctx") == 7


def test_remotable_classmethod_is_deprecated_at_decoration(lib):
    """remotable_classmethod warns when the class is defined and still works."""
    with pytest.warns(DeprecationWarning, match="remotable_classmethod is deprecated"):

        class Old(lib.base.VersionedObject):
            fields = {}

            @lib.base.remotable_classmethod
            def load(cls, context, value):
                return value

    assert Old.load("ctx", 5) == 5
    assert Old.load.remotable is True and Old.load.original_fn.__name__ == "load"


def test_indirection_api_defaults(lib):
    """Only object_action is abstract; the other defaults are as in OVO."""
    api_class = lib.base.VersionedObjectIndirectionAPI
    with pytest.raises(TypeError):
        api_class()

    class Minimal(api_class):
        def object_action(self, context, objinst, objmethod, args, kwargs):
            return {}, None

    api = Minimal()
    assert api.object_class_action(None, "X", "m", "1.0", (), {}) is None
    with pytest.warns(DeprecationWarning), pytest.raises(NotImplementedError, match="Multi-version class action"):
        api.object_class_action_versions(None, "X", "m", {}, (), {})
    with pytest.raises(NotImplementedError, match="Backport not supported"):
        api.object_backport(None, {}, "1.0")
    with pytest.warns(DeprecationWarning), pytest.raises(NotImplementedError, match="Multi-version backport"):
        api.object_backport_versions(None, {}, {})


def test_default_class_action_falls_back_to_none(lib):
    """With only object_action implemented, a remotable classmethod returns None (after a warning)."""
    m = _models(lib)

    class Minimal(lib.base.VersionedObjectIndirectionAPI):
        def object_action(self, context, objinst, objmethod, args, kwargs):
            return {}, None

    m.Base.indirection_api = Minimal()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert m.Gadget.make("ctx", "n") is None
