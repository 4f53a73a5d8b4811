"""Settings → Shop (and the first-start set-up): the shop's name, handle, the owner's name and
signature, its public e-mail, website and phone, and how it speaks. Templates fill these in."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.models import Shop
from app.errors import ValidationError
from app.services.shop import clean_shop, with_details
from ui.common.forms import PlainTextBox, form_with_errors

# (field, caption, placeholder, accessible name)
_LINES = [
    ("name", "Shop &name", "Juniper & Gold", "Shop name"),
    ("handle", "Shop's &X handle", "@juniperandgold", "Shop's X handle"),
    ("owner_name", "Your &first name", "Maya", "Your first name"),
    ("signature", "&Signature", "— Maya at Juniper & Gold", "Signature"),
    ("email", "Public &e-mail", "hello@juniperandgold.com", "Shop's public e-mail"),
    ("website", "&Website", "juniperandgold.com", "Shop's website"),
    ("phone", "&Phone", "+44 20 7946 0000", "Shop's public phone"),
]


class ShopForm(QWidget):
    """The shop's details as fields; ``shop()`` reads them back checked (ValidationError)."""

    def __init__(self, shop: Shop, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Your shop")
        self._shop = shop
        self.fields: dict[str, QLineEdit] = {}
        rows: list[tuple[str, str, QWidget]] = []
        for key, caption, placeholder, name in _LINES:
            edit = QLineEdit(getattr(shop, key))
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(name)
            self.fields[key] = edit
            rows.append((key, caption, edit))
        self.voice = PlainTextBox(shop.voice)
        self.voice.setAccessibleName("How the shop speaks")
        self.voice.setPlaceholderText(
            "Optional: a sentence on how you talk to customers, e.g. “Warm and short, first "
            "names, one emoji at most.”"
        )
        self.voice.setTabChangesFocus(True)
        self.voice.setFixedHeight(64)
        rows.append(("voice", "How you &speak", self.voice))
        form, self.errors = form_with_errors(rows)
        hint = QLabel(
            "Your templates put these in for you, so Kindly never asks for them while you reply."
            " (In a template they are written {shop}, {owner}, {signature}, {email}, {website}"
            " and {phone}.)"
        )
        hint.setWordWrap(True)
        hint.setAccessibleName("What these are for")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.fields["owner_name"].textChanged.connect(self.on_name_text_changed)
        self.fields["name"].textChanged.connect(self.on_name_text_changed)
        self.on_name_text_changed()

    def on_name_text_changed(self) -> None:
        """The signature's hint follows the names typed: what an empty signature signs with."""
        owner = self.fields["owner_name"].text().strip()
        shop = self.fields["name"].text().strip()
        if owner:
            self.fields["signature"].setPlaceholderText(
                f"— {owner} at {shop}" if shop else f"— {owner}"
            )

    def shop(self) -> Shop:
        """The details typed, cleaned; a ValidationError is shown under its field and raised."""
        for error in self.errors.values():
            error.hide()
        text = {key: edit.text() for key, edit in self.fields.items()}
        typed = with_details(self._shop, {**text, "voice": self.voice.toPlainText()})
        try:
            return clean_shop(typed)
        except ValidationError as exc:
            label = self.errors.get(exc.field or "")
            if label is not None:
                label.setText(str(exc))
                label.show()
            widget = self.fields.get(exc.field or "") or self.voice
            widget.setFocus()
            raise
