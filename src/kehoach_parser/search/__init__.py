"""Searchable corpus of plans: an embedded SQLite database (FTS5) built from plan JSON files."""
from .index import IndexReport, build_index
from .query import Corpus, Filters, Hit, QueryError, SearchResult

__all__ = ["build_index", "IndexReport", "Corpus", "Filters", "Hit", "QueryError", "SearchResult"]
