"""Editing the saved replies, as use cases that say what they changed (``app/storage/templates.py``
keeps them)."""

from __future__ import annotations

from app.changes import ChangeKind, Changed
from app.storage.templates import Templates


def save_template(
    templates: Templates, template_id: int | None, name: str, body: str
) -> tuple[int, Changed]:
    """Add a template (``template_id`` None) or change one; returns its id and what changed."""
    if template_id is None:
        template_id = templates.add(name, body)
    else:
        templates.update(template_id, name, body)
    return template_id, Changed.of(ChangeKind.TEMPLATES, [template_id])


def move_template(templates: Templates, template_id: int, step: int) -> Changed:
    """One place up (``step`` -1) or down (+1): every template after it moves too."""
    templates.move(template_id, step)
    return Changed.of(ChangeKind.TEMPLATES)


def delete_template(templates: Templates, template_id: int) -> Changed:
    templates.delete(template_id)
    return Changed.of(ChangeKind.TEMPLATES, [template_id])
