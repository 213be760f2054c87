"""Settings of the benchmark server: Veta's production settings plus the baseline views of bench/urls.py.

Only `make bench` uses these; the baselines are never part of the product.
"""

from veta.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    # The load test measures the application, not the rate limiter.
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
}
