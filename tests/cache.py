"""The test suite's Redis cache: each test process keeps its keys under a prefix of its own.

The suite runs in several processes at once (pytest-xdist workers) that share one Redis
database when REDIS_URL is set. Django's RedisCache.clear() empties the whole database
(FLUSHDB), which would wipe another worker's rate-limit counters in the middle of its
test; here clear() removes only the keys under this cache's own KEY_PREFIX.
"""

import os

from django.core.cache.backends.redis import RedisCache

SCAN_BATCH = 500


def worker_key_prefix(base: str) -> str:
    """`base` followed by this process's pytest-xdist worker name (gw0, gw1, …), or "main" without xdist."""
    return f"{base}-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


class WorkerRedisCache(RedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        # Keys are "<KEY_PREFIX>:<version>:<key>" (Django's default key function).
        pattern = self.key_prefix.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?").replace("[", "\\[")
        batch: list[bytes] = []
        for key in client.scan_iter(match=f"{pattern}:*", count=SCAN_BATCH):
            batch.append(key)
            if len(batch) >= SCAN_BATCH:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True
