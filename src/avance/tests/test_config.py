from __future__ import annotations

import pytest

from avance import config


def test_it_parses_booleans_strictly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert config.env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(config.ConfigError, match="X_FLAG='maybe' is not a boolean"):
        config.env_bool("X_FLAG", False)


def test_it_parses_numbers_strictly(monkeypatch):
    monkeypatch.setenv("X_N", "ten")
    with pytest.raises(config.ConfigError, match="not a whole number"):
        config.env_int("X_N", 1)
    monkeypatch.setenv("X_N", "-1")
    with pytest.raises(config.ConfigError, match="at least 0"):
        config.env_int("X_N", 1)


def test_it_defaults_to_sqlite_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(tmp_path) == f"sqlite:///{tmp_path / 'avance.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert config.database_url(tmp_path) == "postgres://u@h/db"


def test_it_refuses_short_secret_keys(monkeypatch, tmp_path):
    monkeypatch.setenv("AVANCE_SECRET_KEY", "short")
    with pytest.raises(config.ConfigError, match="at least 32"):
        config.secret_key(tmp_path)
    monkeypatch.delenv("AVANCE_SECRET_KEY")
    key = config.secret_key(tmp_path)
    assert key == config.secret_key(tmp_path) and len(key) >= 32
