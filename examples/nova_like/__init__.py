"""A small compute-service object model in the style of nova's.

Importing the package registers every object: ``Flavor``, ``Device`` and
``DeviceList``, ``Instance`` and ``InstanceList``.  Try::

    vobjects hashes examples.nova_like
    vobjects tree examples.nova_like --format mermaid

Remotable methods read and write the in-memory store of
:mod:`examples.nova_like.db`, standing in for a database behind a conductor.
"""

from examples.nova_like import device, flavor, instance  # noqa: F401  (registers the objects)
from examples.nova_like.device import Device, DeviceList
from examples.nova_like.flavor import Flavor
from examples.nova_like.instance import Instance, InstanceList

__all__ = ["Device", "DeviceList", "Flavor", "Instance", "InstanceList"]
