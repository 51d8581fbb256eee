"""Importing HTCDS and CTDC files as anonymous statistical records (reports.models).

One module per layout says how its columns become a record's fields; loading.py reads the file,
checks every row and stores the batch. Callers use import_file().
"""

from .loading import AUTO, LAYOUTS, ImportResult, RowError, import_file

__all__ = ["AUTO", "LAYOUTS", "ImportResult", "RowError", "import_file"]
