# tests/services
