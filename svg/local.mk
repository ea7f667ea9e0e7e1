# svg/: flame graph layout, palettes and the SVG writer.
libcprof_a_SOURCES += svg/layout.c svg/palette.c svg/flame.c
noinst_HEADERS += svg/layout.h svg/palette.h svg/flame.h

# The script and style are real files, embedded as byte arrays at build time.
EXTRA_DIST += svg/flame.js svg/flame.css
BUILT_SOURCES += svg/flame-js.inc svg/flame-css.inc
CLEANFILES += svg/flame-js.inc svg/flame-css.inc

embed_asset = $(AM_V_GEN)$(MKDIR_P) svg && \
	od -An -v -tx1 < $< | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g' > $@.tmp && mv $@.tmp $@

svg/flame-js.inc: $(srcdir)/svg/flame.js
	$(embed_asset)
svg/flame-css.inc: $(srcdir)/svg/flame.css
	$(embed_asset)
# Also when only one target is made (BUILT_SOURCES covers all and check).
svg/flame.$(OBJEXT): svg/flame-js.inc svg/flame-css.inc
