"""The user's progress: watchlist, statuses, ratings, notes and their history.

Nothing in this package imports Textual.
"""

from confplan.progress.models import IN_PROGRESS, STATUSES, UNWATCHED, WATCHED, Entry, HistoryItem
from confplan.progress.store import (
    CorruptStoreError,
    NewerStoreError,
    ProgressStore,
    ReadOnlyStoreError,
    StoreError,
)

__all__ = [
    "IN_PROGRESS",
    "STATUSES",
    "UNWATCHED",
    "WATCHED",
    "CorruptStoreError",
    "Entry",
    "HistoryItem",
    "NewerStoreError",
    "ProgressStore",
    "ReadOnlyStoreError",
    "StoreError",
]
