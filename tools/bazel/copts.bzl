"""Compiler options shared by every Baton target."""

BATON_COPTS = ["-Werror"]
