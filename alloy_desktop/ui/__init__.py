"""Qt user interface: view-models (QtCore only), views and widgets."""
