"""vobjects: versioned objects that travel between services of different releases.

The public faces are the modules ``vobjects.base``, ``vobjects.fields``,
``vobjects.fixture`` and ``vobjects.exception``, named as in
oslo.versionedobjects so that a project moves by changing its imports.
"""

__version__ = "0.1.0"
