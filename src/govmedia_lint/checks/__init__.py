"""Check kinds. Importing this package registers every kind in ``engine.kinds.KINDS``."""

from . import activity, deadlines, items, notices, periods, register, staff  # noqa: F401
