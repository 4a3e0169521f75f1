# docs: manual pages, and notes for people working on relboard.
dist_man_MANS += docs/relboard.1 docs/relboard-sim.1
EXTRA_DIST += docs/fuzzing.md
