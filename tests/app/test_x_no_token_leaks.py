"""After a full X session, no token is anywhere but the keychain: not in the database, the
settings, the logs or an export."""

from __future__ import annotations

import logging
import random
import threading
from pathlib import Path

import requests

from app.clock import FakeClock
from app.logsetup import setup_logging
from app.paths import log_dir_for
from app.services.exporter import export_csv, export_json
from app.services.oauth import SignIn, callback_url
from app.services.outbox import Outbox
from app.services.secrets import TokenStore
from app.services.sync import SyncEngine
from app.services.xconnection import client_for, endpoints
from app.workspace import open_workspace
from tests.fakex.fixtures import fake_x, free_ports  # noqa: F401 - fixtures
from tests.fakex.server import CLIENT_ID


def test_no_token_in_database_settings_logs_or_exports(tmp_path, fake_x, memory_keyring):
    clock = FakeClock()
    db_path = tmp_path / "kindly.db"
    log_path = setup_logging(log_dir_for(db_path), level=logging.DEBUG)
    for name in ("urllib3", "requests_oauthlib", "oauthlib"):
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).addHandler(logging.getLogger("kindly").handlers[-1])
    ws = open_workspace(db_path, clock)
    try:
        ws.settings.save(
            ws.settings.load().replace(x_client_id=CLIENT_ID, x_api_base=fake_x.base_url)
        )
        ports = free_ports()
        fake_x.callbacks = tuple(callback_url(p) for p in ports)

        def browser(url):
            threading.Thread(target=lambda: requests.get(url, timeout=5), daemon=True).start()

        SignIn(
            CLIENT_ID,
            endpoints(ws.settings.load()),
            TokenStore(),
            clock,
            open_browser=browser,
            ports=ports,
        ).run()
        fake_x.add_mentions(120)
        fake_x.add_dms(20)
        assert SyncEngine(ws, client_for(ws, limits={}), rng=random.Random(1)).run().ok
        fake_x.expire_tokens()  # a refresh mid-session, and a rotated refresh token
        clock.advance(hours=3)
        draft = ws.drafting.save(fake_x.mentions[0]["id"], "On its way today!")
        ws.drafting.mark_ready(draft.id)
        Outbox(ws).queue_draft(draft.id)
        assert Outbox(ws).send_pending(client_for(ws, limits={})).sent
        export_json(ws.db, tmp_path / "export.json", clock)
        export_csv(ws.db, tmp_path / "csv")
    finally:
        ws.close()
        for name in ("urllib3", "requests_oauthlib", "oauthlib"):
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET)
    tokens = [t for t in fake_x.issued]
    assert len(tokens) >= 4  # sign-in pair + refreshed pair
    # The keychain holds the current pair only.
    assert TokenStore().load().access_token in tokens
    places: list[Path] = [
        p for p in tmp_path.rglob("*") if p.is_file() and p.name != "keyring.json"
    ]
    assert any(p.suffix == ".db" for p in places) and any("log" in p.name for p in places)
    assert log_path and log_path.stat().st_size > 0
    for place in places:
        data = place.read_bytes()
        for token in tokens:
            assert token.encode() not in data, f"a token leaked into {place}"
            assert token[3:20].encode() not in data, f"part of a token leaked into {place}"
