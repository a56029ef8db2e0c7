"""Fields declared as class attributes (the typed style) at runtime."""

from __future__ import annotations

import pytest
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
from oslo_versionedobjects import fixture as ovo_fixture

from vobjects import base, exception, fields, fixture


class Registry(base.VersionedObjectRegistry):
    isolated = True


class Base(base.VersionedObject):
    OBJ_REGISTRY = Registry


@Registry.register
class Flavor(Base):
    VERSION = "1.1"
    id = fields.IntegerField()
    name = fields.StringField(nullable=True)
    extra_specs = fields.DictOfStringsField(default={})


@Registry.register
class Server(Base):
    VERSION = "1.0"
    uuid = fields.UUIDField()
    flavor = fields.ObjectField(Flavor)
    old_flavors = fields.ListOfObjectsField(Flavor, nullable=True)


class OvoRegistry(ovo_base.VersionedObjectRegistry):
    pass


def test_attributes_become_the_fields_table_in_declaration_order():
    assert list(Flavor.fields) == ["id", "name", "extra_specs"]
    assert all(isinstance(field, fields.Field) for field in Flavor.fields.values())
    assert isinstance(vars(Flavor)["id"], property)  # the registered accessor, not the Field


def test_object_fields_given_a_class_keep_its_name():
    assert Server.fields["flavor"].objname == "Flavor"
    assert Server.fields["old_flavors"].objname == "Flavor"


def test_typed_objects_work_like_ovo_style_ones():
    server = Server(uuid="6f1d2a4e-9c1b-4b8e-8f0a-2a4b6c8d0e1f", flavor=Flavor(id="3"))
    assert server.flavor.id == 3
    assert server.obj_what_changed() == {"uuid", "flavor"}
    again = Server.obj_from_primitive(server.obj_to_primitive())
    assert again.flavor.id == 3
    assert again.obj_to_primitive() == server.obj_to_primitive()
    with pytest.raises(ValueError):
        server.uuid = None


def test_fingerprint_and_primitive_equal_ovo_for_the_same_fields():
    @OvoRegistry.register
    class Flavor(ovo_base.VersionedObject):  # the OVO twin of the typed Flavor above
        VERSION = "1.1"
        fields = {
            "id": ovo_fields.IntegerField(),
            "name": ovo_fields.StringField(nullable=True),
            "extra_specs": ovo_fields.DictOfStringsField(default={}),
        }

    ours = fixture.ObjectVersionChecker({"Flavor": [globals()["Flavor"]]}).get_hashes()
    theirs = ovo_fixture.ObjectVersionChecker({"Flavor": [Flavor]}).get_hashes()
    assert ours == theirs
    mine = globals()["Flavor"](id=1, name="m1", extra_specs={"a": "b"})
    twin = Flavor(id=1, name="m1", extra_specs={"a": "b"})
    assert mine.obj_to_primitive()["versioned_object.data"] == twin.obj_to_primitive()["versioned_object.data"]


def test_a_subclass_adds_to_the_inherited_fields():
    class Bigger(Flavor):
        disk_gb = fields.IntegerField()

    assert list(Bigger.fields) == ["id", "name", "extra_specs", "disk_gb"]
    assert list(Flavor.fields) == ["id", "name", "extra_specs"]


def test_both_styles_combine_in_one_class():
    class Mixed(Base):
        label = fields.StringField()
        fields = {"count": fields.IntegerField()}

    assert list(Mixed.fields) == ["count", "label"]


def test_a_name_declared_both_ways_is_refused():
    with pytest.raises(exception.ObjectFieldInvalid, match="declares size both in `fields` and as an attribute"):

        class Twice(Base):
            size = fields.IntegerField()
            fields = {"size": fields.IntegerField()}


def test_an_unregistered_class_reads_its_fields_as_plain_attributes():
    class Loose(Base):
        count = fields.IntegerField()

    assert "count" not in vars(Loose)  # no Field left behind for instances to read
    loose = Loose(count=2)
    assert loose.count == 2

    class LooseOvoStyle(Base):
        fields = {"count": fields.IntegerField()}

    # As OVO does for a class never registered, the constructor sets a plain
    # attribute that serialization does not see; both styles agree.
    ovo_style = LooseOvoStyle(count=2)
    assert loose.obj_to_primitive()["versioned_object.data"] == ovo_style.obj_to_primitive()["versioned_object.data"]


def test_a_class_without_field_attributes_is_left_alone():
    table = {"count": fields.IntegerField()}

    class Plain(Base):
        fields = table

    assert Plain.fields is table


def test_a_fields_table_that_is_not_a_dict_cannot_take_attributes():
    with pytest.raises(exception.ObjectFieldInvalid, match=r"Odd.fields must be a dict"):

        class Odd(Base):
            size = fields.IntegerField()
            fields = [("count", fields.IntegerField())]
