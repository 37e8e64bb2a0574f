"""Reusable widgets: theme, body map, chips, field errors, busy indicator."""
