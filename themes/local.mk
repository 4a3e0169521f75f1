# themes: colour themes the dashboard loads by name (see src/ui/theme.h).
themedir = $(pkgdatadir)/themes
dist_theme_DATA = themes/default.theme themes/mono.theme
