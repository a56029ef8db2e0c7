"""Head-to-head benchmarks of vobjects against oslo.versionedobjects; see README.md."""
