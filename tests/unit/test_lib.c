/* lib/: varints, CRC-32, hash map, string interning, option values. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/crc32.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/lines.h"
#include "lib/util.h"
#include "tests/unit/check.h"

static void test_varint(void)
{
	static const uint64_t values[] = { 0, 1, 127, 128, 255, 300, 16383, 16384,
					   UINT32_MAX, 1ull << 56, UINT64_MAX };
	struct buf b = { 0 };
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		buf_put_varint(&b, values[i]);
		buf_put_svarint(&b, -(int64_t)(values[i] >> 1));
	}
	CHECK_INT(b.p[0], 0);
	struct cursor c;
	cursor_init(&c, b.p, b.n);
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		CHECK(cur_varint(&c) == values[i]);
		CHECK(cur_svarint(&c) == -(int64_t)(values[i] >> 1));
	}
	CHECK(!c.bad);
	CHECK_INT(cursor_left(&c), 0);
	/* Reading past the end fails cleanly, and stays failed. */
	CHECK_INT(cur_varint(&c), 0);
	CHECK(c.bad);

	uint8_t enc[10];
	CHECK_INT(varint_encode(enc, 300), 2);
	CHECK_INT(enc[0], 0xac);
	CHECK_INT(enc[1], 0x02);
	CHECK_INT(varint_encode(enc, UINT64_MAX), 10);

	/* A varint cut short, and one that never ends. */
	uint8_t cut[] = { 0x80, 0x80 };
	cursor_init(&c, cut, sizeof(cut));
	cur_varint(&c);
	CHECK(c.bad);
	uint8_t endless[12];
	memset(endless, 0xff, sizeof(endless));
	cursor_init(&c, endless, sizeof(endless));
	cur_varint(&c);
	CHECK(c.bad);

	/* A string whose length runs past the end. */
	uint8_t str[] = { 5, 'a', 'b' };
	cursor_init(&c, str, sizeof(str));
	size_t len;
	CHECK(cur_bytes(&c, &len) == NULL);
	CHECK(c.bad);
	buf_release(&b);
}

static void test_crc(void)
{
	CHECK(crc32_update(0, "", 0) == 0);
	CHECK(crc32_update(0, "123456789", 9) == 0xcbf43926u);
	/* Fed in pieces, the same. */
	uint32_t c = crc32_update(0, "1234", 4);
	CHECK(crc32_update(c, "56789", 5) == 0xcbf43926u);
	char big[1000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	uint32_t whole = crc32_update(0, big, sizeof(big));
	CHECK(crc32_update(crc32_update(0, big, 333), big + 333, 667) == whole);
}

static void test_hashmap(void)
{
	struct hashmap m;
	hashmap_init(&m);
	for (uint64_t i = 0; i < 10000; i++)
		hashmap_put(&m, i * 7919, i);
	CHECK_INT(m.n, 10000);
	uint64_t v;
	CHECK(hashmap_get(&m, 7919 * 5000, &v) && v == 5000);
	CHECK(!hashmap_get(&m, 3, &v));
	for (uint64_t i = 0; i < 10000; i += 2)
		CHECK(hashmap_del(&m, i * 7919));
	CHECK_INT(m.n, 5000);
	size_t found = 0;
	for (uint64_t i = 0; i < 10000; i++)
		found += hashmap_get(&m, i * 7919, &v) && v == i;
	CHECK_INT(found, 5000);
	uint64_t k, sum = 0;
	for (size_t it = 0; hashmap_next(&m, &it, &k, &v);)
		sum += v;
	CHECK_INT(sum, 25000000);
	hashmap_release(&m);
}

static void test_strtab(void)
{
	struct strtab t;
	strtab_init(&t);
	uint32_t a = strtab_intern_str(&t, "main");
	uint32_t b = strtab_intern_str(&t, "work_a");
	CHECK(a != b);
	CHECK_INT(strtab_intern_str(&t, "main"), a);
	CHECK_STR(strtab_get(&t, b), "work_a");
	CHECK_INT(strtab_intern(&t, "main;x", 4), a);
	for (int i = 0; i < 5000; i++) {
		char s[32];
		snprintf(s, sizeof(s), "f%d", i);
		strtab_intern_str(&t, s);
	}
	CHECK_INT(strtab_find(&t, "f4999", 5), 4999 + 2);
	CHECK_INT(strtab_find(&t, "nope", 4), UINT32_MAX);
	strtab_release(&t);
}

static void test_parse(void)
{
	uint64_t v;
	CHECK(parse_size("64K", &v) && v == 65536);
	CHECK(parse_size("8M", &v) && v == 8u << 20);
	CHECK(parse_size("100", &v) && v == 100);
	CHECK(!parse_size("-1", &v));
	CHECK(!parse_size("12X", &v));
	CHECK(parse_u64("0x10", &v) && v == 16);
	CHECK(!parse_u64("", &v));
	CHECK(!parse_u64("12abc", &v));
	double d;
	CHECK(parse_double("2.5", &d) && d == 2.5);
	CHECK(!parse_double("2.5s", &d));
	CHECK_INT(edit_distance("record", "recrod"), 2);
	CHECK_INT(edit_distance("fold", "fold"), 0);
	CHECK_INT(edit_distance("", "abc"), 3);
	CHECK(list_has("12,345,6", "345"));
	CHECK(list_has("12,345,6", "6"));
	CHECK(!list_has("12,345,6", "34"));
	CHECK(!list_has("", "1"));
}

/* Entries of dir other than . and .. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	return n >= 0 ? xstrndup(buf, n) : NULL;
}

/* An output file is complete or absent; an old one survives an abort. */
static void test_atomic_file(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/cprof-atomic-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	char *path = xasprintf("%s/out.svg", dir);
	struct atomic_file af;

	int fd = atomic_open(&af, path, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "half", 4) == 4);
	CHECK(access(path, F_OK) != 0);	/* not there while being written */
	atomic_abort(&af);
	close(fd);
	CHECK_INT(count_entries(dir), 0);

	fd = atomic_open(&af, path, 0600);
	CHECK(write(fd, "whole", 5) == 5);
	CHECK_INT(atomic_commit(&af), 0);
	close(fd);
	char *s = slurp(path);
	CHECK_STR(s, "whole");
	free(s);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

	fd = atomic_open(&af, path, 0600);
	CHECK(write(fd, "ha", 2) == 2);
	atomic_abort(&af);
	close(fd);
	s = slurp(path);
	CHECK_STR(s, "whole");	/* the old file is kept */
	free(s);
	CHECK_INT(count_entries(dir), 1);

	/* not a regular file: written in place, never replaced */
	fd = atomic_open(&af, "/dev/null", 0600);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1);
	CHECK_INT(atomic_commit(&af), 0);
	close(fd);
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));

	char *missing = xasprintf("%s/no/such/dir/x", dir);
	CHECK(atomic_open(&af, missing, 0600) == -ENOENT);
	free(missing);

	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static void check_shell(const char *word, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	fput_shell_word(word, f);
	fclose(f);
	CHECK_STR(out, want);
	free(out);
}

/* The command line of info and report can be copied into a shell. */
static void test_shell_word(void)
{
	check_shell("gzip", "gzip");
	check_shell("/usr/bin/x-1.2,a=b:c@d%", "/usr/bin/x-1.2,a=b:c@d%");
	check_shell("gzip -9 -c x > /dev/null", "'gzip -9 -c x > /dev/null'");
	check_shell("", "''");
	check_shell("it's", "'it'\\''s'");
	check_shell("$HOME*", "'$HOME*'");
	check_shell("a\nb\tc'\\\x01", "$'a\\nb\\tc\\'\\\\\\x01'");
}

/* Lines cut the same whatever the feeds' sizes; an over-long line is one report. */
struct got_lines {
	char text[256];
	size_t n;
};

static void got_line(void *ctx, const char *s, size_t n)
{
	struct got_lines *g = ctx;
	int w = s ? snprintf(g->text + g->n, sizeof(g->text) - g->n, "[%.*s]", (int)n, s)
		  : snprintf(g->text + g->n, sizeof(g->text) - g->n, "[LONG]");
	g->n += (size_t)w;
}

static void test_lines(void)
{
	const char *in = "ab\n\nlonger than eight\ncd\nlast";
	for (size_t step = 1; step <= strlen(in); step++) {
		struct got_lines g = { .n = 0 };
		struct lines l = { .max = 8, .line = got_line, .ctx = &g };
		for (size_t i = 0; i < strlen(in); i += step)
			lines_feed(&l, in + i, MIN(step, strlen(in) - i));
		lines_finish(&l);
		lines_release(&l);
		/* The bound is on what is carried between feeds: fed whole, the
		 * line goes out as it is; fed in pieces under 9 bytes, it is long. */
		if (step == strlen(in))
			CHECK_STR(g.text, "[ab][][longer than eight][cd][last]");
		else if (step < 9)
			CHECK_STR(g.text, "[ab][][LONG][cd][last]");
	}
}

int main(void)
{
	test_shell_word();
	test_lines();
	test_atomic_file();
	test_varint();
	test_crc();
	test_hashmap();
	test_strtab();
	test_parse();
	return check_exit();
}
