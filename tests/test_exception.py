"""The exception module: OVO's classes, messages and wrap_exception."""

from __future__ import annotations

import pytest
from oslo_versionedobjects import exception as ovo_exception

from vobjects import exception


def test_same_public_names_as_ovo():
    """Every exception class OVO defines exists here with the same name and message format."""
    ovo_names = {
        name
        for name, value in vars(ovo_exception).items()
        if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == ovo_exception.__name__
    }
    for name in ovo_names:
        ours = getattr(exception, name)
        assert ours.msg_fmt == getattr(ovo_exception, name).msg_fmt, name
        assert issubclass(ours, exception.VersionedObjectsException)
    assert callable(exception.wrap_exception)


def test_defaults_and_kwargs():
    """A bare exception has OVO's default text and code 500; kwargs fill the message."""
    exc = exception.VersionedObjectsException()
    assert str(exc) == "An unknown exception occurred." and exc.kwargs == {"code": 500}
    exc = exception.IncompatibleObjectVersion(objname="Foo", objver="1.5", supported="1.4")
    assert str(exc) == "Version 1.5 of Foo is not supported, supported version is 1.4"
    assert exc.objname == "Foo" and exc.format_message() == str(exc)


def test_format_error_falls_back_or_raises():
    """Missing kwargs give the raw msg_fmt, unless format errors are made fatal."""
    assert str(exception.ObjectActionError()) == exception.ObjectActionError.msg_fmt
    exception.fatal_exception_format_errors = True
    try:
        with pytest.raises(KeyError):
            exception.ObjectActionError()
    finally:
        exception.fatal_exception_format_errors = False


def test_oslo_config_option_is_honoured_when_loaded():
    """With oslo.config loaded, [oslo_versionedobjects] fatal_exception_format_errors applies."""
    from oslo_config import cfg

    from vobjects import _options

    assert _options.list_opts()[0][0] == "oslo_versionedobjects"
    assert _options.conf_fatal_exception_format_errors() is False
    cfg.CONF.set_override("fatal_exception_format_errors", True, group="oslo_versionedobjects")
    try:
        with pytest.raises(KeyError):
            exception.ObjectActionError()
    finally:
        cfg.CONF.clear_override("fatal_exception_format_errors", group="oslo_versionedobjects")


@pytest.mark.parametrize(
    ("first", "registered"),
    [("oslo_config.cfg", True), ("vobjects.exception", False)],
    ids=["oslo.config loaded first", "vobjects first"],
)
def test_option_is_registered_on_import_when_oslo_config_is_loaded(first, registered):
    """As OVO's: importing the exception module registers the option, so CONF.import_opt finds it (magnum does).

    Only when oslo.config is already loaded: vobjects does not import it.
    """
    import subprocess
    import sys

    script = (
        f"import {first}, sys\n"
        "import vobjects.exception\n"
        "from oslo_config import cfg\n"
        "try:\n"
        "    cfg.CONF.import_opt('fatal_exception_format_errors', 'vobjects.exception', group='oslo_versionedobjects')\n"
        "except cfg.Error as exc:\n"
        "    print('refused', type(exc).__name__)\n"
        "else:\n"
        "    print('registered', cfg.CONF.oslo_versionedobjects.fatal_exception_format_errors)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == (["registered", "False"] if registered else ["refused", "NoSuchGroupError"])


def test_option_defined_differently_before_import_is_left_alone():
    """Another definition of the option (another OVO release's) does not make the import fail."""
    import subprocess
    import sys

    script = (
        "from oslo_config import cfg\n"
        "opt = cfg.BoolOpt('fatal_exception_format_errors', default=True, help='theirs')\n"
        "cfg.CONF.register_opt(opt, group='oslo_versionedobjects')\n"
        "import vobjects.exception\n"
        "cfg.CONF([])\n"
        "print(cfg.CONF.oslo_versionedobjects.fatal_exception_format_errors)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["True"]


def test_new_errors_keep_the_builtin_types():
    """vobjects' bad-input errors derive from the builtins OVO raised in their place."""
    assert issubclass(exception.MalformedPrimitive, ValueError)
    assert issubclass(exception.PrimitiveKeyMissing, KeyError)
    assert issubclass(exception.FieldValueInvalid, ValueError)
    assert issubclass(exception.FieldTypeInvalid, TypeError)
    missing = exception.PrimitiveKeyMissing(objname="X", objver="1.0", reason="the key 'k' is missing")
    assert str(missing) == "Malformed primitive for object X version 1.0: the key 'k' is missing"


def test_wrap_exception_notifies_without_passwords_and_reraises():
    """wrap_exception sends the call args (minus *_pass*) to the notifier and re-raises."""
    sent = []

    class Notifier:
        def error(self, context, event, payload):
            sent.append((context, event, payload))

    class Service:
        @exception.wrap_exception(notifier=Notifier())
        def reboot(self, context, instance, admin_password=None):
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        Service().reboot("ctx", "vm1", admin_password="secret")
    (context, event, payload), = sent
    assert context == "ctx" and event == "reboot"
    assert payload["args"]["instance"] == "vm1" and "admin_password" not in payload["args"]
    assert isinstance(payload["exception"], ValueError)
    assert Service.reboot.__wrapped__.__name__ == "reboot"
