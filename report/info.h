/* The description of a trace that `cprof info` prints. */
#ifndef CPROF_INFO_H
#define CPROF_INFO_H

#include <stdio.h>

#include "trace/trace.h"

int trace_write_info(const struct trace *t, FILE *f);

#endif
