"""The package version, in a module of its own so that every room can name it without importing
the package face (:mod:`kg`), which imports every room."""

__version__ = "0.1.0"
