"""Read a source file into an Article (being split into one module per format)."""

from briefgen.sources.read import (
    FORMATS,
    MAX_SOURCE_BYTES,
    MAX_SYMBOL_RUN,
    MAX_TEXT_CHARS,
    MAX_TEXT_TOKENS,
    check_file_size,
    clean_text,
    discover,
    parse_date,
    read_source,
    read_source_with_warnings,
)

__all__ = [
    "FORMATS",
    "MAX_SOURCE_BYTES",
    "MAX_SYMBOL_RUN",
    "MAX_TEXT_CHARS",
    "MAX_TEXT_TOKENS",
    "check_file_size",
    "clean_text",
    "discover",
    "parse_date",
    "read_source",
    "read_source_with_warnings",
]
