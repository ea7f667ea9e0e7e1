/* Reading each process's resident memory from /proc (record/rss.h). */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "record/rss.h"
#include "trace/format.h"
#include "trace/writer.h"

/* Resident KiB of pid from /proc/PID/statm (pages), or -1 when it is gone. */
static int64_t read_rss_kib(uint32_t pid)
{
	char path[64], buf[128];
	snprintf(path, sizeof(path), "/proc/%u/statm", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	unsigned long long size, resident;
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%llu %llu", &size, &resident) != 2)
		return -1;
	return (int64_t)(resident * (unsigned long long)sysconf(_SC_PAGESIZE) / 1024);
}

/*
 * The machine's memory in use, as free(1) counts it: MemTotal less
 * MemAvailable from /proc/meminfo, in KiB; -1 when unreadable.
 */
static int64_t read_machine_kib(void)
{
	char buf[4096];
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	unsigned long long total, avail;
	const char *t = strstr(buf, "MemTotal:"), *a = strstr(buf, "MemAvailable:");
	if (!t || !a || sscanf(t, "MemTotal: %llu", &total) != 1 ||
	    sscanf(a, "MemAvailable: %llu", &avail) != 1 || avail > total)
		return -1;
	return (int64_t)(total - avail);
}

void rss_sample(struct procs *ps, struct trace_writer *w, uint64_t time_ns, bool machine)
{
	if (machine) {
		int64_t kib = read_machine_kib();
		if (kib >= 0)
			trace_writer_memory(w, time_ns, TRACE_MACHINE_PROC, (uint64_t)kib);
	}
	uint64_t pid, idx;
	for (size_t i = 0; hashmap_next(&ps->by_pid, &i, &pid, &idx);) {
		if (idx >= ps->all.n || ps->all.v[idx]->exited ||
		    (machine && !ps->all.v[idx]->sampled))
			continue;
		int64_t kib = read_rss_kib((uint32_t)pid);
		if (kib >= 0)
			trace_writer_memory(w, time_ns, ps->all.v[idx]->id, (uint64_t)kib);
	}
}
