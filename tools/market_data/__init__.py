"""Market data over akshare: sources (live calls), normalization to stable columns, a parquet cache
with TTLs and stale fallback, bundled sample fixtures for offline use, and the MarketData facade."""

from tools.market_data.boards import CONCEPT_ALIASES, resolve_board
from tools.market_data.cache import TTL, MarketCache, default_cache_dir
from tools.market_data.client import MarketData
from tools.market_data.errors import MarketDataError, MarketDataUnavailable, SchemaDriftError, UnknownBoard
from tools.market_data.normalize import normalize
from tools.market_data.schemas import DATASETS

__all__ = [
    "CONCEPT_ALIASES", "DATASETS", "MarketCache", "MarketData", "MarketDataError", "MarketDataUnavailable",
    "SchemaDriftError", "TTL", "UnknownBoard", "default_cache_dir", "normalize", "resolve_board",
]
