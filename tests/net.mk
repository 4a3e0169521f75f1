# tests/net.mk
