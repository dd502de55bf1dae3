from pathlib import Path

import pytest

from dyadwatch.settings import Settings, SettingsError, load_settings


def test_precedence_defaults_file_env_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('db = "from-file.sqlite"\nmax_file_mb = 7\nskip_damaged = false\n', encoding="utf-8")
    assert load_settings(env={}).db == Settings().db  # defaults (no ./dyadwatch.toml in the test cwd)
    s = load_settings(cfg, env={})
    assert (s.db, s.max_file_mb, s.skip_damaged) == ("from-file.sqlite", 7.0, False)
    s = load_settings(cfg, env={"DYADWATCH_DB": "env.sqlite", "DYADWATCH_LANGUAGES": "en, tr"})
    assert s.db == "env.sqlite" and s.languages == ("en", "tr") and s.max_file_mb == 7.0
    s = load_settings(cfg, env={"DYADWATCH_DB": "env.sqlite"}, db="flag.sqlite", max_file_mb=None)
    assert s.db == "flag.sqlite" and s.max_file_mb == 7.0


def test_config_named_by_env_and_dyadwatch_table(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[dyadwatch]\nbatch_size = 5\n", encoding="utf-8")
    assert load_settings(env={"DYADWATCH_CONFIG": str(cfg)}).batch_size == 5


def test_bad_values_and_unknown_keys_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="max_file_mb"):
        load_settings(env={"DYADWATCH_MAX_FILE_MB": "lots"})
    with pytest.raises(SettingsError, match="skip_damaged"):
        load_settings(env={"DYADWATCH_SKIP_DAMAGED": "maybe"})
    cfg = tmp_path / "c.toml"
    cfg.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting"):
        load_settings(cfg, env={})
    cfg.write_text("db = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="cannot read config"):
        load_settings(cfg, env={})


def test_db_url_from_path_or_url() -> None:
    assert Settings(db="x/y.sqlite").db_url == "sqlite:///x/y.sqlite"
    assert Settings(db="postgresql://u@h/d").db_url == "postgresql://u@h/d"
    assert Settings(max_file_mb=1).max_file_bytes == 1024 * 1024
