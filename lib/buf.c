#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"

void buf_reserve(struct buf *b, size_t extra)
{
	if (b->n + extra <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->n + extra)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_release(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void buf_put(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

void buf_put_u8(struct buf *b, uint8_t v)
{
	buf_reserve(b, 1);
	b->p[b->n++] = v;
}

void buf_put_le16(struct buf *b, uint16_t v)
{
	uint8_t x[2] = { v, v >> 8 };
	buf_put(b, x, 2);
}

void buf_put_le32(struct buf *b, uint32_t v)
{
	uint8_t x[4] = { v, v >> 8, v >> 16, v >> 24 };
	buf_put(b, x, 4);
}

size_t varint_encode(uint8_t *out, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		out[n++] = (uint8_t)v | 0x80;
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

void buf_put_varint(struct buf *b, uint64_t v)
{
	buf_reserve(b, 10);
	b->n += varint_encode(b->p + b->n, v);
}

void buf_put_svarint(struct buf *b, int64_t v)
{
	buf_put_varint(b, zigzag_enc(v));
}

void buf_put_bytes(struct buf *b, const void *p, size_t n)
{
	buf_put_varint(b, n);
	buf_put(b, p, n);
}

void buf_put_str(struct buf *b, const char *s)
{
	buf_put_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

uint64_t cur_varint(struct cursor *c)
{
	uint64_t v = 0;
	for (unsigned shift = 0; !c->bad && c->p < c->end && shift < 64; shift += 7) {
		uint8_t byte = *c->p++;
		v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
	c->bad = true;
	c->p = c->end;
	return 0;
}

int64_t cur_svarint(struct cursor *c)
{
	return zigzag_dec(cur_varint(c));
}

uint8_t cur_u8(struct cursor *c)
{
	if (c->bad || c->p >= c->end) {
		c->bad = true;
		return 0;
	}
	return *c->p++;
}

uint32_t cur_le32(struct cursor *c)
{
	if (c->bad || cursor_left(c) < 4) {
		c->bad = true;
		c->p = c->end;
		return 0;
	}
	uint32_t v = get_le32(c->p);
	c->p += 4;
	return v;
}

const uint8_t *cur_bytes(struct cursor *c, size_t *len)
{
	uint64_t n = cur_varint(c);
	if (c->bad || n > cursor_left(c)) {
		c->bad = true;
		c->p = c->end;
		*len = 0;
		return NULL;
	}
	const uint8_t *p = c->p;
	c->p += n;
	*len = n;
	return p;
}

char *cur_str(struct cursor *c)
{
	size_t len;
	const uint8_t *p = cur_bytes(c, &len);
	return xstrndup(p ? (const char *)p : "", len);
}
