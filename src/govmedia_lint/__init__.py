"""govmedia-lint: compliance checks for Chinese government new-media accounts (政务新媒体)."""

__version__ = "0.1.0"
