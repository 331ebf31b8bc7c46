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


# The production settings docs/configuration.md documents (its "Production" section).
PRODUCTION = {
    "AVANCE_SECRET_KEY": "Qm3v9Xz-T8pL2wR6yN0cJ4hF7bK1dS5gA3eU9iO2tY6rW8qZ0xC4vB7nM1lP5kH",
    "AVANCE_ALLOWED_HOSTS": "avance.example.org",
    "AVANCE_CSRF_TRUSTED_ORIGINS": "https://avance.example.org",
    "AVANCE_SECURE_COOKIES": "true",
    "AVANCE_SSL_REDIRECT": "true",
    "AVANCE_HSTS_SECONDS": "31536000",
    "AVANCE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "AVANCE_HSTS_PRELOAD": "true",
    "AVANCE_TRUSTED_PROXY_COUNT": "1",
    "AVANCE_SMTP_HOST": "smtp.example.org",
    "AVANCE_FROM_EMAIL": "avance@example.org",
    "AVANCE_SITE_URL": "https://avance.example.org",
}


def _check_deploy(tmp_path, **env):
    import os
    import subprocess
    import sys

    environment = {  # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AVANCE_", "DJANGO_"))
    }
    environment.update(AVANCE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="avance.settings")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = _check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_what_the_defaults_lack(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode == 1
    for check in ("mail.E001", "security.W004", "security.W008", "security.W012"):
        assert check in result.stderr


def test_stale_uploads_of_a_killed_import_are_cleared(tmp_path):
    import os
    import time

    from avance.core.files import purge_stale

    stale, fresh = tmp_path / "tmpabc", tmp_path / "tmpdef"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "documento.pdf").write_bytes(b"%PDF-1.4")
    hours_ago = time.time() - 7200
    os.utime(stale, (hours_ago, hours_ago))
    assert purge_stale(tmp_path, older_than_seconds=3600) == [stale]
    assert not stale.exists() and (fresh / "documento.pdf").exists()


def test_it_refuses_a_site_url_that_is_not_a_web_address(monkeypatch):
    monkeypatch.setenv("AVANCE_SITE_URL", "avance.example.org")
    with pytest.raises(config.ConfigError, match="is not a web address"):
        config.site_url("AVANCE_SITE_URL", "http://127.0.0.1:8000")
    monkeypatch.setenv("AVANCE_SITE_URL", "https://avance.example.org/")
    assert config.site_url("AVANCE_SITE_URL", "x") == "https://avance.example.org"
