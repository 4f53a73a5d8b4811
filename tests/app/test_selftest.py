"""The engine's self-test checks: each one finds the fault it is there for."""

import json

import pytest
from keyring.backends import chainer, fail, null

from app.selftest import (
    check_database,
    check_keychain,
    check_resources,
    check_triage_model,
    is_real_keychain,
    run_check,
)
from tests.memory_keyring import MemoryKeyring


def test_the_shipped_resources_pass():
    assert "posts" in check_resources()


def test_a_broken_demo_shop_or_a_missing_icon_fails_with_the_reason(tmp_path):
    (tmp_path / "demo").mkdir()
    (tmp_path / "icons").mkdir()
    (tmp_path / "demo" / "shop.json").write_text("{not json", encoding="utf-8")
    result = run_check("resources", lambda: check_resources(tmp_path))
    assert not result.ok and "JSONDecodeError" in result.detail
    (tmp_path / "demo" / "shop.json").write_text(json.dumps({"posts": [{}]}), encoding="utf-8")
    result = run_check("resources", lambda: check_resources(tmp_path))
    assert not result.ok and "kindly.svg is missing" in result.detail
    (tmp_path / "icons" / "kindly.svg").write_text("<svg/>", encoding="utf-8")
    assert run_check("resources", lambda: check_resources(tmp_path)).ok


def test_a_fresh_database_gets_every_migration_and_the_demo(tmp_path):
    from app.storage.migrations import migrations

    detail = check_database(tmp_path / "smoke.db")
    assert migrations._migrations[-1].name in detail
    assert "triaged" in detail


@pytest.mark.parametrize("platform", ["win32", "darwin"])
@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), chainer.ChainerBackend()],
    ids=["fail", "null", "empty-chain"],
)
def test_no_keychain_fails_on_windows_and_macos(platform, backend, monkeypatch):
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [fail.Keyring()], raising=False)
    result = run_check("keychain", lambda: check_keychain(platform, backend))
    assert not result.ok
    assert "no OS keychain" in result.detail


def test_a_real_backend_passes_and_linux_only_reports():
    assert is_real_keychain(MemoryKeyring())
    assert "MemoryKeyring" in check_keychain("win32", MemoryKeyring())
    assert "not required on linux" in check_keychain("linux", fail.Keyring())


def test_a_chain_with_one_real_backend_is_real(monkeypatch):
    chain = chainer.ChainerBackend()
    monkeypatch.setattr(
        chainer.ChainerBackend, "backends", [fail.Keyring(), MemoryKeyring()], raising=False
    )
    assert is_real_keychain(chain)
    assert "MemoryKeyring" in check_keychain("darwin", chain)


def test_the_triage_model_and_its_embedding_load():
    assert "embedding of" in check_triage_model()


def test_a_missing_triage_embedding_fails_the_check(monkeypatch):
    from app.domain.triage import embedding as module

    monkeypatch.setattr(module, "EMBEDDING_FILE", module.EMBEDDING_FILE.with_name("absent.bin"))
    monkeypatch.setattr(module, "_embedding", None)
    monkeypatch.setattr(module, "_failed", False)
    result = run_check("triage model", check_triage_model)
    assert not result.ok and "embedding.bin" in result.detail
