/* Byte buffers with varint (LEB128) encoding, and a bounded reader for them. */
#ifndef CPROF_BUF_H
#define CPROF_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *p;
	size_t n, cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_release(struct buf *b);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_put_u8(struct buf *b, uint8_t v);
void buf_put_le16(struct buf *b, uint16_t v);
void buf_put_le32(struct buf *b, uint32_t v);
void buf_put_varint(struct buf *b, uint64_t v);
void buf_put_svarint(struct buf *b, int64_t v);
/* A string as varint length + bytes. */
void buf_put_str(struct buf *b, const char *s);
void buf_put_bytes(struct buf *b, const void *p, size_t n);

size_t varint_encode(uint8_t *out, uint64_t v);	/* at most 10 bytes */
static inline uint64_t zigzag_enc(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static inline int64_t zigzag_dec(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

/* A cursor over untrusted bytes: every getter fails cleanly at the end. */
struct cursor {
	const uint8_t *p, *end;
	bool bad;	/* set by the first failed read; later reads fail too */
};

static inline void cursor_init(struct cursor *c, const void *p, size_t n)
{
	c->p = p;
	c->end = c->p + n;
	c->bad = false;
}
static inline size_t cursor_left(const struct cursor *c) { return c->end - c->p; }
uint64_t cur_varint(struct cursor *c);
int64_t cur_svarint(struct cursor *c);
uint8_t cur_u8(struct cursor *c);
uint32_t cur_le32(struct cursor *c);
/* Borrowed pointer into the buffer; *len is set.  NULL when bad. */
const uint8_t *cur_bytes(struct cursor *c, size_t *len);

static inline uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint16_t get_le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}



/* A varint-length string as a new NUL-terminated copy ("" when bad). */
char *cur_str(struct cursor *c);

#endif
