"""Direct quotations in an article (being split into one module per pass)."""

from briefgen.quotes.attribution import CUE_VERBS, extract_quotes, quote_spans

__all__ = ["CUE_VERBS", "extract_quotes", "quote_spans"]
