"""The process's database breaker (core.health): fail fast while the database is known down, probe, recover.

The outage over real HTTP, with gunicorn and a PostgreSQL that is stopped and started, is
tests/reliability/test_outage.py; these tests pin the breaker's rules one by one.
"""

import time

import pytest

from core import health


class Probe:
    """A probe that answers as told and counts its calls."""

    def __init__(self) -> None:
        self.up = False
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.up


@pytest.fixture
def probe(monkeypatch) -> Probe:
    monkeypatch.setattr(health, "reset_pools", lambda: None)
    return Probe()


def test_a_closed_breaker_lets_every_request_through_without_probing(probe) -> None:
    breaker = health.DatabaseBreaker(probe, interval=0.05)
    assert all(breaker.allow() for _ in range(100))
    assert probe.calls == 0


def test_once_tripped_requests_are_refused_at_once_until_the_next_probe(probe) -> None:
    breaker = health.DatabaseBreaker(probe, interval=0.2)
    breaker.trip()
    began = time.monotonic()
    assert not any(breaker.allow() for _ in range(1000))
    assert time.monotonic() - began < 0.1  # no waiting: 1000 refusals in a blink
    assert probe.calls == 0  # the first probe waits for the interval


def test_one_request_per_interval_probes_and_the_first_success_closes_the_breaker(probe) -> None:
    breaker = health.DatabaseBreaker(probe, interval=0.05)
    breaker.trip()
    time.sleep(0.06)
    assert not breaker.allow() and probe.calls == 1  # still down
    assert not breaker.allow() and probe.calls == 1  # the next probe waits for the interval again
    probe.up = True
    time.sleep(0.06)
    assert breaker.allow() and probe.calls == 2
    assert not breaker.is_open and breaker.generation == 1
    assert breaker.allow() and probe.calls == 2


def test_a_failure_of_a_request_begun_before_the_recovery_does_not_open_it_again(probe) -> None:
    breaker = health.DatabaseBreaker(probe, interval=0.01)
    began_in = breaker.generation
    breaker.trip(began_in)
    probe.up = True
    time.sleep(0.02)
    assert breaker.allow()
    breaker.trip(began_in)  # a request that waited on the old pool fails late
    assert not breaker.is_open
    breaker.trip(breaker.generation)  # a request begun after the recovery: the database is down again
    assert breaker.is_open
