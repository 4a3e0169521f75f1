# tests/argo.mk
