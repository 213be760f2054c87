"""Settings come from the environment; a wrong value stops start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_database_url, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_check(**environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("ALLOWED_HOSTS", "example.org,,veta.pe", "ALLOWED_HOSTS='example.org,,veta.pe' has an empty item"),
        ("DATABASE_URL", "mysql://root@localhost/veta", "DATABASE_URL must be a PostgreSQL URL"),
        ("DATABASE_POOL_MAX_SIZE", "lots", "DATABASE_POOL_MAX_SIZE='lots' is not a whole number"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD' is not one of"),
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_variable(variable: str, value: str, expected: str) -> None:
    result = run_check(**{variable: value})
    assert result.returncode != 0
    assert expected in result.stderr


def test_production_without_a_secret_key_refuses_to_start() -> None:
    result = run_check(DEBUG="off", SECRET_KEY="", ALLOWED_HOSTS="veta.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_env_bool_reads_the_usual_words(monkeypatch: pytest.MonkeyPatch) -> None:
    for word, expected in [("1", True), ("Yes", True), ("on", True), ("0", False), ("FALSE", False), ("off", False)]:
        monkeypatch.setenv("VETA_FLAG", word)
        assert env_bool("VETA_FLAG", default=not expected) is expected
    monkeypatch.delenv("VETA_FLAG")
    assert env_bool("VETA_FLAG", default=True) is True


def test_env_int_refuses_numbers_out_of_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VETA_SIZE", "0")
    with pytest.raises(ImproperlyConfigured, match="VETA_SIZE=0 is below the minimum of 1"):
        env_int("VETA_SIZE", default=5, minimum=1)
    monkeypatch.setenv("VETA_SIZE", "7")
    assert env_int("VETA_SIZE", default=5, minimum=1) == 7


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VETA_HOSTS", "veta.pe, www.veta.pe")
    assert env_list("VETA_HOSTS", default=[]) == ["veta.pe", "www.veta.pe"]


def test_a_database_url_must_name_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VETA_DB", "postgresql://postgres@127.0.0.1:5432")
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        env_database_url("VETA_DB")
    monkeypatch.setenv("VETA_DB", "postgresql://postgres@127.0.0.1:5432/veta")
    assert env_database_url("VETA_DB") == "postgresql://postgres@127.0.0.1:5432/veta"


def test_importing_the_settings_starts_no_database_server(tmp_path: Path) -> None:
    # A data folder of its own: a server started for it would create it.
    data_dir = tmp_path / "data"
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(VETA_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="veta.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DATABASES['default']['HOST'])"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str((data_dir / "postgres").resolve())
    assert not data_dir.exists()
