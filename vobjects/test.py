"""A testtools base test case for stestr/testtools suites (OVO's ``test`` module).

``TestCase`` sets up what OVO's does: an optional per-test timeout
(``OS_TEST_TIMEOUT``), temporary files and home directory, null
translations, logging that raises on formatting errors and captures
output (``OS_DEBUG``, ``OS_STDOUT_CAPTURE``, ``OS_STDERR_CAPTURE``),
DeprecationWarnings shown once, and ``http_proxy`` unset.

Differences from OVO, on purpose: importing this module changes nothing
(OVO patches ``mock.Mock.__getattr__`` for the whole process at import);
the check for misspelt mock assertions is installed per test by
``TestCase`` and removed after it.  Logging and warning settings are
restored after each test.  oslo.log and oslo.config are not needed.
"""

from __future__ import annotations

import gettext
import logging
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any
from unittest import mock

import fixtures
import testtools

__all__ = ["TestCase", "TestingException"]

_TRUE_VALUES = ("True", "true", "1", "yes")


class TestingException(Exception):
    """An exception for tests to raise and expect."""


class Timeout(fixtures.Fixture):
    """Fail a test that runs longer than ``timeout`` seconds times ``scaling`` (0: never)."""

    def __init__(self, timeout: Any, scaling: int = 1) -> None:
        super().__init__()
        try:
            seconds = int(timeout)
        except ValueError:
            seconds = 0
        if scaling < 1:
            raise ValueError("scaling value must be >= 1")
        self.test_timeout = seconds * scaling

    def setUp(self) -> None:
        super().setUp()
        if self.test_timeout > 0:
            self.useFixture(fixtures.Timeout(self.test_timeout, gentle=True))


class TranslationFixture(fixtures.Fixture):
    """Make ``gettext.translation`` return null translations."""

    def setUp(self) -> None:
        super().setUp()
        null = gettext.NullTranslations()
        self.useFixture(fixtures.MonkeyPatch("gettext.translation", lambda *args, **kwargs: null))


def _reraise_handle_error(handler: logging.Handler, record: logging.LogRecord) -> None:
    """``Handler.handleError`` that raises the error being handled instead of printing it."""
    error = sys.exc_info()[1]
    if error is not None:
        raise error


class LoggingErrorFixture(fixtures.Fixture):
    """Make a log call with a bad format string fail the test (oslo.log's fixture, in stdlib terms)."""

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(fixtures.MonkeyPatch("logging.Handler.handleError", _reraise_handle_error))


class NullHandler(logging.Handler):
    """Formats every record (so bad debug format strings fail) and keeps none."""

    def handle(self, record: logging.LogRecord) -> bool:
        self.format(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        pass

    def createLock(self) -> None:
        self.lock = None


class StandardLogging(fixtures.Fixture):
    """Capture logging for the test at INFO (DEBUG with ``OS_DEBUG``).

    DEBUG records are still formatted, then dropped, so their format strings
    are exercised.  The root logger's level is restored afterwards.
    """

    def setUp(self) -> None:
        super().setUp()
        root = logging.getLogger()
        self.addCleanup(root.setLevel, root.level)
        root.setLevel(logging.DEBUG)
        level = logging.DEBUG if os.environ.get("OS_DEBUG") in _TRUE_VALUES else logging.INFO
        self.logger = self.useFixture(
            fixtures.FakeLogger(format="%(asctime)s %(levelname)s [%(name)s] %(message)s", level=None)
        )
        root.handlers[0].setLevel(level)
        if level > logging.DEBUG:
            handler = NullHandler()
            handler.setLevel(logging.DEBUG)
            self.useFixture(fixtures.LogHandler(handler, nuke_handlers=False))


class OutputStreamCapture(fixtures.Fixture):
    """Capture stdout/stderr when ``OS_STDOUT_CAPTURE``/``OS_STDERR_CAPTURE`` are set."""

    out: Any = None
    err: Any = None

    def setUp(self) -> None:
        super().setUp()
        if os.environ.get("OS_STDOUT_CAPTURE") in _TRUE_VALUES:
            self.out = self.useFixture(fixtures.StringStream("stdout"))
            self.useFixture(fixtures.MonkeyPatch("sys.stdout", self.out.stream))
        if os.environ.get("OS_STDERR_CAPTURE") in _TRUE_VALUES:
            self.err = self.useFixture(fixtures.StringStream("stderr"))
            self.useFixture(fixtures.MonkeyPatch("sys.stderr", self.err.stream))

    @staticmethod
    def _text(stream: Any, name: str) -> str | None:
        details = getattr(stream, "_details", None)
        if not details or details.get(name) is None:
            return None
        return str(details[name].as_text())

    @property
    def stdout(self) -> str | None:
        return self._text(self.out, "stdout")

    @property
    def stderr(self) -> str | None:
        return self._text(self.err, "stderr")


class WarningsFixture(fixtures.Fixture):
    """Show each DeprecationWarning once; the previous warning filters come back afterwards."""

    def setUp(self) -> None:
        super().setUp()
        saved = warnings.catch_warnings()
        saved.__enter__()
        self.addCleanup(saved.__exit__, None, None, None)
        warnings.simplefilter("once", DeprecationWarning)


def _strict_getattr(original: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    def __getattr__(self: Any, name: str) -> Any:
        if name.startswith("assert"):
            spec = self.__dict__.get("_mock_methods")
            if not spec or name not in spec:
                raise AttributeError(f"{name} is not a valid mock assert method")
        return original(self, name)

    return __getattr__


class StrictMockAsserts(fixtures.Fixture):
    """While active, reading a missing ``assert*`` attribute of a Mock raises AttributeError.

    This catches misspelt assertions (``m.assert_called_once_wiht(...)``)
    that would otherwise pass silently, even on ``unsafe=True`` mocks;
    attributes named by a spec stay readable.
    """

    def setUp(self) -> None:
        super().setUp()
        own = mock.Mock.__dict__.get("__getattr__")
        mock.Mock.__getattr__ = _strict_getattr(mock.Mock.__getattr__)  # type: ignore[method-assign]
        self.addCleanup(self._restore, own)

    @staticmethod
    def _restore(own: Any) -> None:
        if own is None:
            del mock.Mock.__getattr__
        else:
            mock.Mock.__getattr__ = own  # type: ignore[method-assign]


class TestCase(testtools.TestCase):
    """Base test case; see the module docstring for what each test gets."""

    #: Multiplies ``OS_TEST_TIMEOUT`` for slow test classes.
    TIMEOUT_SCALING_FACTOR: int = 1

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(Timeout(os.environ.get("OS_TEST_TIMEOUT", 0), self.TIMEOUT_SCALING_FACTOR))
        self.useFixture(fixtures.NestedTempfile())
        self.useFixture(fixtures.TempHomeDir())
        self.useFixture(TranslationFixture())
        self.useFixture(LoggingErrorFixture())
        self.useFixture(OutputStreamCapture())
        self.useFixture(StandardLogging())
        self.useFixture(WarningsFixture())
        self.useFixture(StrictMockAsserts())
        self.addCleanup(self._clear_attrs)
        self.useFixture(fixtures.EnvironmentVariable("http_proxy"))

    def _clear_attrs(self) -> None:
        # Drop public attributes so finished tests do not keep their objects
        # alive.  The test method's own name is kept: pytest sets it on the
        # instance and deletes it after the run (OVO's version broke that).
        for key in [key for key in self.__dict__ if not key.startswith("_") and key != self._testMethodName]:
            del self.__dict__[key]
