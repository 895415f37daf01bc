"""Check kinds. Each module holds a family of kinds and registers them in ``engine.kinds.KINDS`` when imported.

A module is imported when a rule first names one of its kinds (``KINDS[name]``, through ``MODULES``): a check
of one file imports only the families its packs' rules use. Going through ``KINDS`` (iterating it, ``len``) or
asking it for a name ``MODULES`` does not list imports every module here (``import_all``), so a new module is
picked up even before its kinds are listed; ``tests/engine/test_kind_modules.py`` names any kind missing from
``MODULES``.
"""

import importlib

#: check kind -> the module of this package that registers it
MODULES = {
    "update_frequency": "activity", "max_idle_gap": "activity",
    "allowed_accounts": "allowlist",
    "weekly_update": "cadence",
    "closure_steps": "closure",
    "deadline": "deadlines", "precedes": "deadlines",
    "event_filed": "filing_events", "record_on_file": "filing_events", "approval_chain": "filing_events",
    "no_incident": "incidents",
    "item_must": "items", "item_must_not": "items", "record_required": "items",
    "required_menus": "menus",
    "name_matches_unit": "naming_oversight", "reviewed_by_own_staff": "naming_oversight",
    "notice_kept": "notices",
    "max_per_year": "periods", "max_duration": "periods",
    "rectified_by": "rectification",
    "unique_per_group": "register", "consistent_across_group": "register",
    "separation_of_duties": "staff", "staff_trained": "staff",
    "quarterly_record": "supervision",
    "text_lexicon": "text", "text_caution": "text", "text_near_miss": "text", "text_personal_data": "text",
    "text_links": "text", "text_outside_links": "text", "text_ad_phrases": "text",
    "refiled_after_effective": "transition",
}


def import_kind(name: str) -> None:
    """Import the module that registers the kind ``name`` (every module, for a name ``MODULES`` does not list)."""
    module = MODULES.get(name)
    if module is None:
        import_all()
    else:
        importlib.import_module(f"{__name__}.{module}")


def import_all() -> list[str]:
    """Import every module of this package; their names, in the order imported."""
    import pkgutil

    names = [module.name for module in pkgutil.iter_modules(__path__)]
    for name in names:
        importlib.import_module(f"{__name__}.{name}")
    return names
