#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "svg/palette.h"

static const char *const kind_names[PAL_NKINDS] = {
	"hot", "mem", "io", "wakeup", "java", "js", "perl", "python", "rust",
	"red", "green", "blue", "aqua", "yellow", "purple", "orange",
};

struct palette {
	enum palette_kind kind;
	bool random;
	uint64_t rng;
	struct strtab names;		/* id -> colour below */
	ARRAY(struct rgb) colors;
};

bool palette_parse(const char *name, enum palette_kind *out)
{
	for (int k = 0; k < PAL_NKINDS; k++) {
		if (strcmp(name, kind_names[k]) == 0) {
			*out = k;
			return true;
		}
	}
	return false;
}

const char *palette_kind_name(enum palette_kind kind)
{
	return kind < PAL_NKINDS ? kind_names[kind] : "hot";
}

const char *palette_names(void)
{
	return "hot, mem, io, wakeup, java, js, perl, python, rust, red, green, "
	       "blue, aqua, yellow, purple, orange";
}

struct palette *palette_new(enum palette_kind kind, bool random, uint64_t seed)
{
	struct palette *pal = xcalloc(1, sizeof(*pal));
	pal->kind = kind;
	pal->random = random;
	pal->rng = seed | 1;
	strtab_init(&pal->names);
	return pal;
}

void palette_free(struct palette *pal)
{
	if (!pal)
		return;
	strtab_release(&pal->names);
	array_free(&pal->colors);
	free(pal);
}

static void remember(struct palette *pal, const char *name, size_t len, struct rgb c)
{
	uint32_t id = strtab_intern(&pal->names, name, len);
	if (id >= pal->colors.n)
		array_push(&pal->colors, c);
	else
		pal->colors.v[id] = c;
}

static bool parse_rgb(const char *s, struct rgb *c)
{
	unsigned r, g, b;
	char end;
	if (sscanf(s, "rgb(%u,%u,%u%c", &r, &g, &b, &end) != 4 || end != ')' ||
	    r > 255 || g > 255 || b > 255)
		return false;
	*c = (struct rgb){ r, g, b };
	return true;
}

int palette_load(struct palette *pal, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : err_errno(errno, "cannot open '%s'", path);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;
	int ret = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		char *arrow = NULL;
		for (char *a = strstr(line, "->"); a; a = strstr(a + 1, "->"))
			arrow = a;
		struct rgb c;
		if (!arrow || !parse_rgb(arrow + 2, &c)) {
			ret = err_set(EINVAL, "'%s' line %u: expected NAME->rgb(R,G,B)", path, lineno);
			break;
		}
		remember(pal, line, arrow - line, c);
	}
	free(line);
	fclose(f);
	return ret;
}

static int by_name(const void *a, const void *b, void *ctx)
{
	const struct strtab *t = ctx;
	return strcmp(strtab_get(t, *(const uint32_t *)a), strtab_get(t, *(const uint32_t *)b));
}

int palette_save(const struct palette *pal, const char *path)
{
	uint32_t *ids = xmalloc(pal->names.n * sizeof(*ids));
	for (uint32_t i = 0; i < pal->names.n; i++)
		ids[i] = i;
	qsort_r(ids, pal->names.n, sizeof(*ids), by_name, (void *)&pal->names);
	/* a full disk or a second cprof must not leave the map half written */
	struct atomic_file af;
	int fd = atomic_open(&af, path, 0666);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		int ret = fd < 0 ? fd : err_errno(errno, "cannot write '%s'", path);
		if (fd >= 0) {
			atomic_abort(&af);
			close(fd);
		}
		free(ids);
		return ret;
	}
	for (uint32_t i = 0; i < pal->names.n; i++) {
		const struct rgb *c = &pal->colors.v[ids[i]];
		fprintf(f, "%s->rgb(%u,%u,%u)\n", strtab_get(&pal->names, ids[i]), c->r, c->g, c->b);
	}
	free(ids);
	int ret = 0;
	if (fflush(f) != 0 || ferror(f))
		ret = err_errno(errno ? errno : EIO, "cannot write '%s'", path);
	if (ret < 0)
		atomic_abort(&af);
	else
		ret = atomic_commit(&af);
	if (fclose(f) != 0 && !ret)
		ret = err_errno(errno, "cannot write '%s'", path);
	return ret;
}

/* Three numbers in [0, 1) from the name, or from the generator when random. */
static void variation(struct palette *pal, const char *name, double v[3])
{
	uint64_t h;
	if (pal->random) {
		/* xorshift64: good enough for colours, and needs no global state */
		pal->rng ^= pal->rng << 13;
		pal->rng ^= pal->rng >> 7;
		pal->rng ^= pal->rng << 17;
		h = hash_u64(pal->rng);
	} else {
		h = hash_bytes(name, strlen(name));
	}
	for (int i = 0; i < 3; i++)
		v[i] = (double)((h >> (i * 21)) & 0x1fffff) / (double)0x200000;
}

static struct rgb family(enum palette_kind k, const double v[3])
{
#define C(r, g, b) (struct rgb){ (uint8_t)(r), (uint8_t)(g), (uint8_t)(b) }
	switch (k) {
	case PAL_MEM:	 return C(0, 190 + 50 * v[1], 210 * v[0]);
	case PAL_IO:	 return C(80 + 60 * v[0], 80 + 60 * v[0], 190 + 55 * v[1]);
	case PAL_RED:	 return C(200 + 55 * v[0], 50 + 80 * v[0], 50 + 80 * v[0]);
	case PAL_GREEN:	 return C(50 + 60 * v[0], 200 + 55 * v[0], 50 + 60 * v[0]);
	case PAL_BLUE:	 return C(80 + 60 * v[0], 80 + 60 * v[0], 205 + 50 * v[0]);
	case PAL_YELLOW: return C(175 + 55 * v[0], 175 + 55 * v[0], 50 + 20 * v[0]);
	case PAL_PURPLE: return C(190 + 65 * v[0], 80 + 60 * v[0], 190 + 65 * v[0]);
	case PAL_AQUA:	 return C(50 + 60 * v[0], 165 + 55 * v[0], 165 + 55 * v[0]);
	case PAL_ORANGE: return C(190 + 65 * v[0], 90 + 65 * v[0], 0);
	default:	 return C(205 + 50 * v[2], 230 * v[0], 55 * v[1]);	/* hot */
	}
#undef C
}

static bool has(const char *name, const char *part)
{
	return strstr(name, part) != NULL;
}

static bool starts(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

/* Multi-language palettes: a hue family per kind of code. */
static enum palette_kind language_family(enum palette_kind k, const char *name,
					 enum frame_kind kind)
{
	if (kind == FRAME_KERNEL)
		return PAL_ORANGE;
	if (kind == FRAME_INLINE || kind == FRAME_WAKER)
		return PAL_AQUA;
	if (kind == FRAME_JIT)
		return PAL_GREEN;
	switch (k) {
	case PAL_JAVA:
		if (has(name, "::"))
			return PAL_YELLOW;
		if (has(name, "/") || (has(name, ".") && !has(name, "(")))
			return PAL_GREEN;
		return PAL_RED;
	case PAL_JS:
		if (has(name, "::"))
			return PAL_YELLOW;
		if (has(name, ".js") || has(name, "/") || starts(name, "~"))
			return PAL_GREEN;
		return PAL_RED;
	case PAL_PERL:
		if (has(name, "::"))
			return PAL_YELLOW;
		if (has(name, ".pl") || has(name, "Perl"))
			return PAL_GREEN;
		return PAL_RED;
	case PAL_PYTHON:
		if (has(name, ".py") || starts(name, "<module>"))
			return PAL_GREEN;
		if (has(name, "::"))
			return PAL_YELLOW;
		return PAL_RED;
	default:	/* rust */
		if (starts(name, "std::") || starts(name, "core::") || starts(name, "alloc::") ||
		    starts(name, "<std::") || starts(name, "<core::") || starts(name, "<alloc::"))
			return PAL_YELLOW;
		if (has(name, "::"))
			return PAL_GREEN;
		return PAL_RED;
	}
}

static struct rgb compute(struct palette *pal, const char *name, enum frame_kind kind)
{
	double v[3];
	variation(pal, name, v);
	enum palette_kind k = pal->kind;
	if (k == PAL_WAKEUP)
		k = PAL_AQUA;
	else if (k >= PAL_JAVA && k <= PAL_RUST)
		k = language_family(k, name, kind);
	return family(k, v);
}

struct rgb palette_color(struct palette *pal, const char *name, enum frame_kind kind)
{
	size_t len = strlen(name);
	uint32_t id = strtab_find(&pal->names, name, len);
	if (id != UINT32_MAX)
		return pal->colors.v[id];
	struct rgb c = compute(pal, name, kind);
	remember(pal, name, len, c);
	return c;
}

struct rgb palette_narrow(void)
{
	return (struct rgb){ 200, 200, 200 };
}

struct rgb palette_diff(double delta, double full, bool negate)
{
	/* grey, not white: an unchanged frame must not look like background */
	if (delta == 0 || full <= 0)
		return (struct rgb){ 190, 190, 190 };
	double v = MIN(1.0, (delta < 0 ? -delta : delta) / full);
	/* the faintest change is a clear tint, the biggest a full hue */
	uint8_t fade = (uint8_t)(215 - 145 * v + 0.5);	/* labels stay readable */
	bool red = (delta > 0) != negate;
	return red ? (struct rgb){ 255, fade, fade } : (struct rgb){ fade, fade, 255 };
}

static bool hex_color(const char *s, char out[8])
{
	size_t n = strlen(s);
	if (s[0] != '#' || (n != 4 && n != 7) || strspn(s + 1, "0123456789abcdefABCDEF") != n - 1)
		return false;
	if (n == 7) {
		memcpy(out, s, 8);
	} else {
		char c[8] = { '#', s[1], s[1], s[2], s[2], s[3], s[3], '\0' };
		memcpy(out, c, 8);
	}
	return true;
}

bool palette_background(const char *spec, char top[8], char bottom[8])
{
	static const struct { const char *name, *top, *bottom; } grads[] = {
		{ "yellow", "#eeeeee", "#eeeeb0" },
		{ "blue", "#eeeeee", "#e0e0ff" },
		{ "green", "#eef2ee", "#e0ffe0" },
		{ "grey", "#f8f8f8", "#e8e8e8" },
	};
	if (!spec)
		spec = "yellow";
	for (size_t i = 0; i < ARRAY_SIZE(grads); i++) {
		if (strcmp(spec, grads[i].name) == 0) {
			memcpy(top, grads[i].top, 8);
			memcpy(bottom, grads[i].bottom, 8);
			return true;
		}
	}
	if (!hex_color(spec, top))
		return false;
	memcpy(bottom, top, 8);
	return true;
}
