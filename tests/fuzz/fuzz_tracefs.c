/*
 * libFuzzer target: the tracepoint format files the recorder reads from
 * tracefs (record/ends.c), and the raw records it then reads at the
 * offsets they gave.  The input is a format text, a NUL byte, and raw
 * record bytes; every field the recorder asks for is looked up in the
 * text, and each record reader runs on the bytes at those offsets.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record/ends.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	char *text = malloc(tlen + 1);
	if (!text)
		return 0;
	memcpy(text, data, tlen);
	text[tlen] = 0;
	const uint8_t *raw = nul ? nul + 1 : data + size;
	size_t n = (size_t)(data + size - raw);

	struct end_tracepoints tp = { 0 };
	uint32_t size_of;
	tp_format_field(text, "error_code", &tp.code_off, &tp.code_size);
	tp_format_field(text, "sig", &tp.sig_off, &size_of);
	tp_format_field(text, "sa_handler", &tp.handler_off, &size_of);
	tp.gen_sig_off = tp.sig_off;
	tp_format_field(text, "pid", &tp.gen_pid_off, &size_of);
	tp_format_field(text, "result", &tp.gen_result_off, &size_of);
	tp.victim_off = tp.gen_pid_off;
	free(text);

	struct proc_ends pe;
	proc_ends_init(&pe);
	uint32_t tid;
	int sig, value;
	if (end_tp_target(&tp, END_TP_GENERATE, raw, n, &tid, &sig))
		proc_ends_sent(&pe, tid, sig);
	if (end_tp_target(&tp, END_TP_OOM, raw, n, &tid, &sig))
		proc_ends_oom(&pe, tid);
	proc_ends_raw(&pe, &tp, END_TP_SIGNAL, 7, raw, n);
	proc_ends_raw(&pe, &tp, END_TP_EXIT_GROUP, 8, raw, n);
	proc_ends_take(&pe, 7, &value);
	proc_ends_take(&pe, 8, &value);
	proc_ends_release(&pe);
	return 0;
}
