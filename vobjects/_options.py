"""The one oslo.config option vobjects honours, imported only when needed.

OVO registers ``[oslo_versionedobjects] fatal_exception_format_errors`` on the
global ``cfg.CONF`` when its exception module is imported, which costs the
oslo.config import on every ``import``.  vobjects registers the same option
lazily: on the first exception-format failure when oslo.config is already
loaded, and through :func:`list_opts` for oslo-config-generator.
"""

from __future__ import annotations

import copy
from typing import Any

GROUP = "oslo_versionedobjects"


def _opts() -> list[Any]:
    from oslo_config import cfg

    return [
        cfg.BoolOpt(
            "fatal_exception_format_errors",
            default=False,
            help="Make exception message format errors fatal",
        )
    ]


def list_opts() -> list[tuple[str, list[Any]]]:
    """Return the options for oslo-config-generator (entry point ``oslo.config.opts``)."""
    return [(GROUP, copy.deepcopy(_opts()))]


def conf_fatal_exception_format_errors() -> bool:
    """Read the option from the global ``cfg.CONF``, registering it if needed."""
    from oslo_config import cfg

    try:
        cfg.CONF.register_opts(_opts(), group=GROUP)
        return bool(cfg.CONF[GROUP].fatal_exception_format_errors)
    except Exception:  # an unparsed or foreign config: fall back to the default
        return False
