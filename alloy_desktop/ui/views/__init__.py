"""Thin views: layout and bindings to view-models, no logic."""
