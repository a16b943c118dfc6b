"""The package version (one place: pyproject.toml and the tests read it too)."""

__version__ = "0.3.0"
