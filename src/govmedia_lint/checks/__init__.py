"""Check kinds. Importing this package registers every kind in ``engine.kinds.KINDS``.

Each module holds a family of kinds; a new module here is picked up automatically.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
