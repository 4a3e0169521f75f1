# src/ui: filled in by its module
