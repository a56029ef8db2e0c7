"""The one oslo.config option vobjects honours, imported only when needed.

OVO registers ``[oslo_versionedobjects] fatal_exception_format_errors`` on the
global ``cfg.CONF`` when its exception module is imported, which costs the
oslo.config import on every ``import``.  vobjects registers the same option
when its exception module is imported only if oslo.config is already loaded;
otherwise on the first exception-format failure once oslo.config is loaded,
and through :func:`list_opts` for oslo-config-generator.
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


def register() -> None:
    """Register the option on the global ``cfg.CONF`` (again is a no-op)."""
    from oslo_config import cfg

    cfg.CONF.register_opts(_opts(), group=GROUP)


def conf_fatal_exception_format_errors() -> bool:
    """Read the option from the global ``cfg.CONF``, registering it if needed."""
    from oslo_config import cfg

    try:
        register()
        return bool(cfg.CONF[GROUP].fatal_exception_format_errors)
    except Exception:  # an unparsed or foreign config: fall back to the default
        return False
