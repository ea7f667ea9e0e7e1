#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"
#include "lib/util.h"

/*
 * Length of the well-formed sequence at s (1 to 4), or 0 when it is invalid
 * or a character XML refuses.  Overlong forms and surrogates are invalid.
 */
static size_t seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x20)
		return 0;
	if (c < 0x80)
		return 1;
	size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	if (!len || c > 0xf4 || len > n)
		return 0;
	uint32_t cp = c & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

bool utf8_is_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		if (*p >= 0x20 && *p < 0x80) {
			p++;
			continue;
		}
		size_t len = seq_len(p, end - p);
		if (!len)
			return false;
		p += len;
	}
	return true;
}

char *utf8_clean(const char *s, size_t n)
{
	/* Each bad byte becomes three bytes at most. */
	char *out = xmalloc(n * 3 + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		size_t len = seq_len(p, end - p);
		if (len) {
			memcpy(o, p, len);
			o += len;
			p += len;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		}
	}
	*o = '\0';
	return out;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

size_t utf8_offset(const char *s, size_t k)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && k-- == 0)
			return i;
	return i;
}

void json_write_string(FILE *f, const char *s)
{
	char *clean = NULL;
	if (!utf8_is_clean(s, strlen(s)))
		s = clean = utf8_clean(s, strlen(s));
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
	free(clean);
}
