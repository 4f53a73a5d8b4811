import json

from app.settings import Settings


def test_defaults_round_trip(workspace):
    assert workspace.settings.load() == Settings()
    changed = Settings().replace(age_amber_hours=2.0, close_to_tray=False)
    workspace.settings.save(changed)
    assert workspace.settings.load() == changed


def test_unreadable_stored_values_fall_back_to_defaults():
    rows = {
        "age_amber_hours": "not json",
        "age_red_hours": json.dumps("twelve"),
        "close_to_tray": json.dumps(1),
        "max_post_length": json.dumps(4000),
        "no_such_setting": json.dumps(True),
    }
    settings = Settings.from_rows(rows)
    assert settings.age_amber_hours == 1.0
    assert settings.age_red_hours == 24.0
    assert settings.close_to_tray is True
    assert settings.max_post_length == 4000
