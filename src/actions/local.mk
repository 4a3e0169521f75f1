# src/actions: filled in by its module
