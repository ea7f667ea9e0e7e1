/* Text for a terminal: whether to colour and cut it, and cutting by columns. */
#ifndef CPROF_TERM_H
#define CPROF_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * For output on fd: colour only on a terminal with NO_COLOR unset; width
 * from the terminal, else COLUMNS, else 80; 0 (never cut) when fd is not a
 * terminal, so pipes and files get whole lines.
 */
void term_setup(int fd, bool *color, unsigned *width);
/* Display columns of UTF-8 text (continuation bytes take none). */
size_t term_text_width(const char *s, size_t n);
/* Writes s cut to room columns, ending a cut with ".."; room 0: all of it. */
void term_put_cut(FILE *f, const char *s, size_t room);

#endif
