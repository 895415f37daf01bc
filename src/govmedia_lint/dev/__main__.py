"""``python -m govmedia_lint.dev generate [--check]``: regenerate (or verify) every generated file."""

from __future__ import annotations

import sys

from .generate import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
