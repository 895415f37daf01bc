"""Tools for developing govmedia-lint itself (not part of the command line users run)."""
