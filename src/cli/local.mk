# src/cli: filled in by its module
