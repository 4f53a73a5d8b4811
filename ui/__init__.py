"""Kindly's window: Qt only. Widgets render and ask; the rules live in app/."""
