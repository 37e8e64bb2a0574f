"""Alloy: an offline desktop strength coach."""

__version__ = "0.1.0"
