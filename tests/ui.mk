# tests/ui.mk
