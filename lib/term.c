#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/term.h"
#include "lib/util.h"

void term_setup(int fd, bool *color, unsigned *width)
{
	*color = false;
	*width = 0;
	if (!isatty(fd))
		return;
	const char *nc = getenv("NO_COLOR");
	*color = !nc || !*nc;
	struct winsize ws;
	uint64_t cols;
	const char *env = getenv("COLUMNS");
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		*width = ws.ws_col;
	else if (env && parse_u64(env, &cols) && cols && cols < 100000)
		*width = cols;
	else
		*width = 80;
}

size_t term_text_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

void term_put_cut(FILE *f, const char *s, size_t room)
{
	size_t n = strlen(s);
	if (!room || term_text_width(s, n) <= room) {
		fputs(s, f);
		return;
	}
	/* Cut between characters, never inside one. */
	size_t keep = room > 2 ? room - 2 : 0, i = 0, w = 0;
	while (i < n && w < keep) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		w++;
	}
	fwrite(s, 1, i, f);
	fputs(room > 2 ? ".." : "", f);
}
