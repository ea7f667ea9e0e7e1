/*
 * libFuzzer target: the trace reader (trace/trace.c) on any bytes, then what
 * `info`, `fold`, `report`, `flame` and `diff` do with the trace it read.
 *
 * Every chunk carries a CRC, so a byte-level mutator almost never makes a
 * chunk the reader decodes.  The custom mutator below mutates chunk payloads
 * (and drops, repeats and retypes whole chunks) and then writes each chunk's
 * length and CRC again, so the fuzzer explores what is inside the chunks.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/crc32.h"
#include "report/folded_out.h"
#include "report/info.h"
#include "report/report.h"
#include "svg/flame.h"
#include "tests/fuzz/views.h"
#include "trace/format.h"
#include "trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed);

static void fold_with(struct trace *t, const struct trace_profile_opts *o)
{
	struct profile *p = trace_profile(t, o);
	if (p)
		profile_write_folded(p, fuzz_null());
	profile_free(p);
}

static void report_with(struct trace *t, const char *keys, enum report_graph graph,
			enum report_format format)
{
	struct report_opts o = { .graph = graph, .graph_limit = 0.5, .format = format };
	report_parse_keys(&o, keys);
	report_write(t, &o, fuzz_null());
}

/* `flame` of a trace: the plain graph and the flame chart (times, a lane per thread). */
static void flame_chart(struct trace *t)
{
	struct trace_profile_opts o = { .times = true, .tid_root = true };
	struct profile *p = trace_profile(t, &o);
	if (!p)
		return;
	struct flame_options fo;
	flame_options_init(&fo);
	fo.flamechart = true;
	flame_render(p, &fo, fuzz_null(), NULL);
	profile_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace *t = trace_from_memory(data, size, "fuzz");
	if (!t)
		return 0;
	trace_damage(t);
	trace_write_info(t, fuzz_null());
	/* Without a symbol table the views name addresses from this machine's
	 * binaries and kallsyms: work in the size of those files, not of the
	 * input, which makes units slow and the fuzzer measure the machine.
	 * The reader's own handling of a missing table is still exercised by
	 * info and by the ids checked above. */
	t->have_symbols = true;

	struct trace_profile_opts o = { 0 };
	struct profile *p = trace_profile(t, &o);
	if (p)
		fuzz_views(p);
	profile_free(p);
	fold_with(t, &(struct trace_profile_opts){ .tid_root = true, .srcline = true,
						   .weight = WEIGHT_PERIOD });
	fold_with(t, &(struct trace_profile_opts){ .pid_root = true, .no_inline = true,
						   .lines = true, .pids = "1,100",
						   .comms = "a,[pid 1]" });
	fold_with(t, &(struct trace_profile_opts){ .event = "wall" });
	report_with(t, "comm,dso,sym", GRAPH_CALLER, REPORT_TEXT);
	report_with(t, "pid,tid,srcline", GRAPH_CALLEE, REPORT_JSON);
	report_with(t, "sym", GRAPH_NONE, REPORT_CSV);
	flame_chart(t);
	trace_free(t);
	return 0;
}

/* ---- the chunk-aware mutator ---- */

struct chunk {
	size_t off, len;	/* the whole chunk, head and CRC included */
};

#define MAX_CHUNKS 512

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? rng % n : 0;
}

/* The chunks framed as the reader frames them, CRCs aside. */
static size_t find_chunks(const uint8_t *data, size_t size, struct chunk *ch)
{
	size_t n = 0;
	for (size_t off = TRACE_MAGIC_LEN; n < MAX_CHUNKS && size - off >= CHUNK_HEAD + CHUNK_TAIL;) {
		size_t len = get_le32(data + off + 4);
		if (len > size - off - CHUNK_HEAD - CHUNK_TAIL)
			break;
		ch[n++] = (struct chunk){ off, CHUNK_HEAD + len + CHUNK_TAIL };
		off += CHUNK_HEAD + len + CHUNK_TAIL;
	}
	return n;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Writes the length and CRC of the chunk at p whose payload is n bytes. */
static void seal(uint8_t *p, size_t n)
{
	put32(p + 4, n);
	put32(p + CHUNK_HEAD + n, crc32_update(0, p + 2, CHUNK_HEAD - 2 + n));
}

/* Replaces bytes [off, off + old) of data with new_len bytes from src. */
static size_t splice(uint8_t *data, size_t size, size_t max, size_t off, size_t old,
		     const uint8_t *src, size_t new_len)
{
	if (size - old + new_len > max)
		return size;
	memmove(data + off + new_len, data + off + old, size - off - old);
	if (src)
		memcpy(data + off, src, new_len);
	return size - old + new_len;
}

static size_t mutate_payload(uint8_t *data, size_t size, size_t max, const struct chunk *c)
{
	size_t n = c->len - CHUNK_HEAD - CHUNK_TAIL;
	size_t room = max - (size - n);
	uint8_t *tmp = malloc(room ? room : 1);
	memcpy(tmp, data + c->off + CHUNK_HEAD, n);
	size_t m = LLVMFuzzerMutate(tmp, n, room);
	if (m > CHUNK_MAX)
		m = n;
	/* room keeps the new size within max: the splice always happens. */
	size = splice(data, size, max, c->off + CHUNK_HEAD, n, tmp, m);
	free(tmp);
	seal(data + c->off, m);
	return size;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed)
{
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	struct chunk ch[MAX_CHUNKS];
	size_t n = trace_sniff(data, size) ? find_chunks(data, size, ch) : 0;
	/* Now and then plain bytes: damage to the framing is worth finding too. */
	if (!n || rnd(16) == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	const struct chunk *c = &ch[rnd(n)];
	switch (rnd(10)) {
	case 0:		/* a chunk twice (a second HEADER, tables that overlap) */
		if (size + c->len <= max_size) {
			memmove(data + c->off + c->len, data + c->off, size - c->off);
			size += c->len;
		}
		return size;
	case 1:		/* a chunk lost */
		return n > 1 ? splice(data, size, max_size, c->off, c->len, NULL, 0) : size;
	case 2: {	/* a chunk of another type */
		uint16_t type = 1 + rnd(CHUNK_END + 1);
		data[c->off + 2] = type;
		data[c->off + 3] = 0;
		seal(data + c->off, c->len - CHUNK_HEAD - CHUNK_TAIL);
		return size;
	}
	default:
		return mutate_payload(data, size, max_size, c);
	}
}
