"""Screen state as QObjects (QtCore only), talking to the headless api."""
