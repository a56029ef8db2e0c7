"""SensitiveString values never appear in reprs, str(), log lines or exception messages."""

from __future__ import annotations

import logging

import pytest

from vobjects import _fingerprint, base, exception, fields

NS = "versioned_object"
SECRETS = ("hunter2-token-XYZ", "password=hunter2-token-XYZ", "{'admin_pass': 'hunter2-token-XYZ'}")
NEEDLE = "hunter2"


@pytest.fixture
def Account():
    @base.VersionedObjectRegistry.register
    class Account(base.VersionedObject):
        VERSION = "1.0"
        fields = {
            "id": fields.IntegerField(),
            "token": fields.SensitiveStringField(nullable=True),
            "owner": fields.ObjectField("Account", nullable=True),
            "backups": fields.ListOfObjectsField("Account", nullable=True),
        }

    return Account


@pytest.mark.parametrize("secret", SECRETS)
def test_repr_and_str_hide_the_secret(Account, secret):
    """repr() and str() of an object, and of its parent holding it, never show the secret."""
    child = Account(id=2, token=secret)
    parent = Account(id=1, token=secret, owner=child, backups=[child])
    for obj in (child, parent):
        assert NEEDLE not in repr(obj) and NEEDLE not in str(obj)
    assert "token='***'" in repr(child)


def test_secret_survives_the_wire_untouched(Account):
    """Masking is for display only: the primitive carries the real value both ways."""
    primitive = Account(id=1, token=SECRETS[0]).obj_to_primitive()
    assert primitive[f"{NS}.data"]["token"] == SECRETS[0]
    assert Account.obj_from_primitive(primitive).token == SECRETS[0]


@pytest.mark.parametrize("secret", SECRETS)
def test_log_lines_hide_the_secret(Account, secret, caplog):
    """Logging an object (%r and %s) writes no secret."""
    log = logging.getLogger("vobjects.test_secrets")
    with caplog.at_level(logging.DEBUG):
        obj = Account(id=1, token=secret, owner=Account(id=2, token=secret))
        log.info("loaded %r", obj)
        log.info("loaded %s", obj)
    assert caplog.records and NEEDLE not in caplog.text


@pytest.mark.parametrize("bad", [[SECRETS[0]], {"k": SECRETS[0]}, (SECRETS[0],), {SECRETS[0]}])
def test_failed_hydration_hides_the_secret(Account, bad, caplog):
    """A secret field holding a wrong-typed value fails without the value in message, args or logs."""
    primitive = Account(id=1, owner=Account(id=2)).obj_to_primitive()
    primitive[f"{NS}.data"]["owner"][f"{NS}.data"]["token"] = bad
    with caplog.at_level(logging.DEBUG), pytest.raises(exception.FieldValueInvalid) as info:
        Account.obj_from_primitive(primitive)
    error = info.value
    texts = [str(error), repr(error), repr(error.args), repr(error.kwargs), caplog.text]
    assert error.field == "token" and all(NEEDLE not in text for text in texts)


def test_other_field_errors_do_not_show_the_secret(Account, caplog):
    """An error in another field of an object holding a secret does not print the secret."""
    primitive = Account(id=1, token=SECRETS[0]).obj_to_primitive()
    primitive[f"{NS}.data"]["id"] = "not a number"
    with caplog.at_level(logging.DEBUG), pytest.raises(exception.FieldValueInvalid) as info:
        Account.obj_from_primitive(primitive)
    assert NEEDLE not in str(info.value) and NEEDLE not in repr(info.value.kwargs) and NEEDLE not in caplog.text


def test_serializer_errors_hide_the_secret(Account, caplog):
    """The RPC serializer's errors for a bad secret value do not show it either."""
    primitive = Account(id=1).obj_to_primitive()
    primitive[f"{NS}.data"]["token"] = [SECRETS[0]]
    with caplog.at_level(logging.DEBUG), pytest.raises(exception.FieldValueInvalid) as info:
        base.VersionedObjectSerializer().deserialize_entity(None, {"arg": primitive})
    assert NEEDLE not in str(info.value) and NEEDLE not in caplog.text


def test_fingerprints_do_not_read_stringify(Account, monkeypatch):
    """Fingerprints hash field reprs, not stringify, so full masking changes none of them."""
    before = _fingerprint.fingerprint(Account)

    def boom(self, value):
        raise AssertionError("stringify must not be called")

    monkeypatch.setattr(fields.SensitiveString, "stringify", boom)
    assert _fingerprint.fingerprint(Account) == before
