"""Import of Strong, Hevy and FitNotes history: preview a file, then commit it in one go."""

from alloy_desktop.services.imports.service import ImportCancelled, ImportService

__all__ = ["ImportCancelled", "ImportService"]
