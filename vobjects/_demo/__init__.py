"""The rolling-upgrade demo behind ``vobjects demo`` (private).

Two releases of one small project, side by side: :mod:`.release_n1` (the
older one, still running on a compute node) and :mod:`.release_n` (the newer
one, already on the API and the conductor).  Each release registers its
classes in a registry of its own, so both can live in one process (the
embedded demo) or each in its own (``--transport-url``).

* :mod:`.wire` describes what crosses the wire, hiding secret fields;
* :mod:`.services` builds the conductor, compute and API services;
* :mod:`.child` runs one service as a subprocess;
* :mod:`.scenario` is the scenario itself.
"""
