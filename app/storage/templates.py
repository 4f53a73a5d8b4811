"""The templates repository: the owner's saved replies, in the order the owner gave them."""

from __future__ import annotations

import builtins

from sqlite_utils import Database

from app.domain.templates import Template, validate
from app.errors import NotFound
from app.storage.database import inserted_id


class Templates:
    def __init__(self, db: Database):
        self.db = db

    def list(self) -> list[Template]:
        rows = self.db.execute(
            "SELECT id, name, body, position FROM templates ORDER BY position, id"
        ).fetchall()
        return [Template(*row) for row in rows]

    def get(self, template_id: int) -> Template:
        row = self.db.execute(
            "SELECT id, name, body, position FROM templates WHERE id = ?", [template_id]
        ).fetchone()
        if row is None:
            raise NotFound("That template was deleted.")
        return Template(*row)

    def add(self, name: str, body: str) -> int:
        name, body = validate(name, body)
        cursor = self.db.execute(
            "INSERT INTO templates (name, body, position)"
            " VALUES (?, ?, (SELECT coalesce(max(position), -1) + 1 FROM templates))",
            [name, body],
        )
        return inserted_id(cursor)

    def update(self, template_id: int, name: str, body: str) -> None:
        name, body = validate(name, body)
        cursor = self.db.execute(
            "UPDATE templates SET name = ?, body = ? WHERE id = ?", [name, body, template_id]
        )
        if cursor.rowcount == 0:
            raise NotFound("That template was deleted.")

    def delete(self, template_id: int) -> None:
        self.db.execute("DELETE FROM templates WHERE id = ?", [template_id])

    def reorder(self, ids: builtins.list[int]) -> None:  # ``list`` here is the method above
        """Put the templates in this order; ids not given keep their order, after these."""
        known = [t.id for t in self.list()]
        order = [i for i in ids if i in known] + [i for i in known if i not in ids]
        with self.db.atomic():
            for position, template_id in enumerate(order):
                self.db.execute(
                    "UPDATE templates SET position = ? WHERE id = ?", [position, template_id]
                )

    def move(self, template_id: int, step: int) -> None:
        """Move one template up (step -1) or down (+1) in the list."""
        ids = [t.id for t in self.list()]
        if template_id not in ids:
            raise NotFound("That template was deleted.")
        index = ids.index(template_id)
        target = max(0, min(len(ids) - 1, index + step))
        ids.insert(target, ids.pop(index))
        self.reorder(ids)
