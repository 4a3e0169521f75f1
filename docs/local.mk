# docs: manual pages.
dist_man_MANS += docs/relboard.1 docs/relboard-sim.1
