"""The shop's own details: kept cleaned, filled into templates, only non-default settings stored."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from app.changes import ChangeKind, Changed
from app.domain.models import Shop
from app.domain.templates import Template
from app.errors import ValidationError
from app.services.shop import clean_shop, needs_setup, save_shop, skip_setup, window_title
from app.settings import Settings


def stored_keys(workspace) -> set[str]:
    return {key for (key,) in workspace.db.execute("SELECT key FROM settings")}


def test_only_values_that_differ_from_the_defaults_are_stored(workspace) -> None:
    store = workspace.settings
    store.save(Settings().replace(age_amber_hours=3.0))
    assert stored_keys(workspace) == {"age_amber_hours"}
    # Set back to the default: the row goes, so the owner follows the default again.
    store.save(store.load().replace(age_amber_hours=Settings().age_amber_hours))
    assert stored_keys(workspace) == set()


@dataclass
class NextRelease(Settings):
    """A later Kindly that waits longer for a DM by default."""

    awaiting_dm_days: float = 3.5


def test_a_changed_default_reaches_an_owner_who_never_touched_it(workspace) -> None:
    store = workspace.settings
    # The owner changes one thing and saves the whole settings object (as the window does).
    store.save(store.load().replace(age_red_hours=12.0))
    # The next release reads the same database with its own defaults.
    rows = dict(workspace.db.execute("SELECT key, value FROM settings").fetchall())
    loaded = NextRelease.from_rows(rows)
    assert loaded.awaiting_dm_days == 3.5
    assert loaded.age_red_hours == 12.0


def test_a_setting_stored_by_an_older_release_at_its_default_is_tidied_on_save(workspace) -> None:
    workspace.db.execute(
        "INSERT INTO settings (key, value) VALUES ('age_amber_hours', ?)", [json.dumps(1.0)]
    )
    workspace.settings.save(workspace.settings.load())
    assert "age_amber_hours" not in stored_keys(workspace)


def test_the_shop_is_kept_cleaned_and_says_it_changed(workspace) -> None:
    typed = Shop(
        name="  Juniper &  Gold ",
        handle=" @juniperandgold",
        owner_name="Maya ",
        email="hello@juniper.example",
        website="juniper.example",
        phone="+44 20 7946 0000",
    )
    assert save_shop(workspace.shop, typed) == Changed.of(ChangeKind.SHOP)
    shop = workspace.shop.get()
    assert (shop.name, shop.handle, shop.owner_name) == ("Juniper & Gold", "juniperandgold", "Maya")
    assert not save_shop(workspace.shop, shop)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("handle", "juniper and gold"),
        ("email", "hello at juniper"),
        ("website", "not a site"),
        ("phone", "call us"),
    ],
)
def test_details_that_cannot_be_right_name_their_field(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_shop(Shop(name="Shop", **{field: value}))
    assert caught.value.field == field


def test_set_up_is_asked_once_on_a_new_database(workspace) -> None:
    assert needs_setup(workspace.shop.get(), workspace.settings.load())
    assert skip_setup(workspace.settings)
    assert not needs_setup(workspace.shop.get(), workspace.settings.load())
    assert not skip_setup(workspace.settings)
    demo = Shop(is_demo=True)
    assert not needs_setup(demo, Settings())
    assert not needs_setup(Shop(name="Juniper & Gold"), Settings())


def test_window_title_names_the_shop_never_kindly_twice() -> None:
    assert window_title(Shop(name="Juniper & Gold")) == "Kindly — Juniper & Gold"
    assert window_title(Shop()) == "Kindly"
    assert window_title(Shop(name="Kindly")) == "Kindly"
    assert window_title(Shop(name="Juniper", is_demo=True)) == "Kindly — Juniper (demo)"


def test_templates_fill_the_shop_details_without_asking(workspace) -> None:
    save_shop(
        workspace.shop,
        Shop(
            name="Juniper & Gold",
            owner_name="Maya",
            email="hello@juniper.example",
            website="juniper.example",
            phone="+44 20 7946 0000",
        ),
    )
    body = "Hi {first_name}! {owner} here. {email} / {website} / {phone}. {signature}"
    filled = workspace.drafting.fill_template(Template(1, "t", body, 0), None)
    assert filled.missing == ("first_name",)  # no customer: the only field left
    assert "Maya here. hello@juniper.example / juniper.example / +44 20 7946 0000." in filled.text
    assert filled.text.endswith("— Maya at Juniper & Gold")  # a signature made from the shop


def test_the_shops_own_signature_wins(workspace) -> None:
    save_shop(workspace.shop, Shop(name="Juniper & Gold", owner_name="Maya", signature="x M"))
    filled = workspace.drafting.fill_template(Template(1, "t", "{signature}", 0), None)
    assert filled.text == "x M"
