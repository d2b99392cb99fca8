"""The package version, in one place (also written into every JSON as source.parser_version)."""
__version__ = "0.2.0"
