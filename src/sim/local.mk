# src/sim: filled in by its module
