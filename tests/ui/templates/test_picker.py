"""The template picker: what the owner types finds templates by name before those by text."""

from __future__ import annotations

from app.domain.templates import Template, rank_templates
from ui.templates.picker import TemplatePicker


def T(n: int, name: str, body: str) -> Template:  # noqa: N802
    return Template(id=n, name=name, body=body, position=n)


def test_names_rank_before_bodies_and_the_owners_order_stays_within_each() -> None:
    templates = [
        T(1, "Shipping times", "Orders leave us within 2 days."),
        T(2, "Troll policy", "We talk about any problem with an order."),
        T(3, "Gift orders", "Gift wrap is free."),
        T(4, "Order update", "Your order is on its way."),
    ]
    assert [t.name for t in rank_templates(templates, "order")] == [
        "Order update",  # the name starts with it
        "Gift orders",  # the name holds it
        "Shipping times",  # only the text does, in the owner's order
        "Troll policy",
    ]
    assert [t.name for t in rank_templates(templates, "gift free")] == ["Gift orders"]
    assert [t.name for t in rank_templates(templates, "  ")] == [t.name for t in templates]
    assert rank_templates(templates, "refund") == []


def test_the_picker_lists_name_matches_first(window, qtbot) -> None:
    templates = window.workspace.templates.list()
    picker = TemplatePicker(templates, lambda t: t.body, window)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.filter, "order")
    names = picker.visible_names()
    assert names[0] == "Order update" and "Shipping times" in names[1:]
    assert picker.list.currentItem().text() == "Order update"  # Enter inserts the name match
    picker.filter.clear()
    qtbot.keyClicks(picker.filter, "zebra")
    assert picker.visible_names() == [] and picker.empty.isVisible()
    assert "“zebra”" in picker.empty.text()
