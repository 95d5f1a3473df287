"""Version numbers, kept in code so that reading them costs no metadata lookup."""

#: The package version (also read by the build backend).
__version__ = "4.1.0"

#: The schema version this package reads and writes; a document with any other is refused.
SCHEMA_VERSION = "4.0"
