/*
 * Frame colours.  A colour is chosen from a hash of the frame's name, so the
 * same function has the same colour in every graph, unless random colours
 * are asked for.  A palette file ("name->rgb(r,g,b)" lines, the format
 * flamegraph.pl's users keep) pins colours across graphs and runs.
 */
#ifndef CPROF_PALETTE_H
#define CPROF_PALETTE_H

#include <stdbool.h>
#include <stdint.h>

#include "report/profile.h"

struct rgb {
	uint8_t r, g, b;
};

enum palette_kind {
	PAL_HOT, PAL_MEM, PAL_IO, PAL_WAKEUP, PAL_JAVA, PAL_JS, PAL_PERL,
	PAL_PYTHON, PAL_RUST, PAL_RED, PAL_GREEN, PAL_BLUE, PAL_AQUA,
	PAL_YELLOW, PAL_PURPLE, PAL_ORANGE, PAL_NKINDS
};

/* False when name is not a palette. */
bool palette_parse(const char *name, enum palette_kind *out);
const char *palette_kind_name(enum palette_kind kind);
/* The palette names, comma separated, for messages. */
const char *palette_names(void);

struct palette;

/* seed is used only when random is set. */
struct palette *palette_new(enum palette_kind kind, bool random, uint64_t seed);
void palette_free(struct palette *pal);
/* Colours from a palette file; a missing file is not an error.  0 or -errno. */
int palette_load(struct palette *pal, const char *path);
/* Writes every colour handed out or loaded, sorted by name.  0 or -errno. */
int palette_save(const struct palette *pal, const char *path);
/* The colour of a frame (name without its kind suffix). */
struct rgb palette_color(struct palette *pal, const char *name, enum frame_kind kind);

/* The colour of frames merged because they are too narrow to draw. */
struct rgb palette_narrow(void);
/*
 * Differential colour: red for growth, blue for shrinkage, from a light
 * tint to the full hue in proportion to |delta| / full (full hue from
 * full on); grey when delta is 0 (callers make changes within sampling
 * noise 0).  negate swaps the hues.
 */
struct rgb palette_diff(double delta, double full, bool negate);

/*
 * The background gradient for spec: yellow (the default), blue, green, grey,
 * or one flat "#rgb" / "#rrggbb" colour.  top and bottom get "#rrggbb".
 * False when spec is none of these.
 */
bool palette_background(const char *spec, char top[8], char bottom[8]);

#endif
