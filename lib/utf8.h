/*
 * Text from outside (symbol names, folded files) may be any bytes; XML and
 * the browser need valid UTF-8 without control characters.
 */
#ifndef CPROF_UTF8_H
#define CPROF_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True when s is valid UTF-8 with no C0 control characters and no U+FFFE/FFFF. */
bool utf8_is_clean(const char *s, size_t n);
/* A copy of s (NUL-terminated, the caller's) where every invalid sequence
 * and every control character became U+FFFD. */
char *utf8_clean(const char *s, size_t n);
/* The number of characters in s (NUL-terminated): bytes that start one. */
size_t utf8_length(const char *s);
/* The byte offset of character number k of s, or its length. */
size_t utf8_offset(const char *s, size_t k);
/* s as a JSON string, quoted and escaped, invalid UTF-8 replaced as by utf8_clean. */
void json_write_string(FILE *f, const char *s);

#endif
