"""``govmedia-lint import``: platform exports and the unit's ledgers merged into an account file.

- ``readers``  bytes -> rows or JSON, sniffing the content (xlsx, OLE2 .xls, HTML table, CSV, JSON, JSON Lines)
- ``values``   cell values -> YAML values (dates of every shape the exports use, booleans, lists, ids)
- ``presets``  column mappings of tabular sources, as data (``presets.yaml``)
- ``catalog``  the SOURCE names and what each reads (the command's help, without importing the readers)
- ``sources``  one reader per SOURCE: rows or JSON -> records (a post or a message and where it came from)
- ``merge``    records -> the account file, round-trip (comments, order and quoting survive)
- ``command``  the CLI command's options; ``run`` does the import
"""
