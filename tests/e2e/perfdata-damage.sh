# Damaged perf.data: cut at several offsets, a bad magic, an unknown version,
# header size or byte order, a broken record, a file perf never finished.
# Each gets one clear message; what was readable is kept (exit 0 with a
# notice), and a file with nothing readable fails with exit 1, as the trace
# reader does.  The input is a small perf recording of split (frame
# pointers, 41 samples) from the fuzz corpus; no perf is needed here.
. "$top_srcdir/tests/e2e/lib.sh"

SEED="$top_srcdir/tests/fuzz/corpus/perfdata/seed-fp.data"
[ -f "$SEED" ] || fail "no $SEED"
cp "$SEED" whole.data
size=$(wc -c < whole.data)

# The data section of the seed: header bytes 40..55 (offset, size).
field() {	# FILE OFFSET: the little-endian u64 at OFFSET
	od -An -tu8 -j "$2" -N 8 "$1" | tr -d ' '
}
data_off=$(field whole.data 40)
data_size=$(field whole.data 48)
[ "$data_off" -eq 264 ] && [ "$data_size" -gt 1000 ] || fail "unexpected seed layout: $data_off $data_size"

run "$CPROF" fold whole.data
expect 0 "fold of the whole file"
[ ! -s err ] || fail "notices on a whole file: $(cat err)"
all=$(total out)
[ "$all" -eq 41 ] || fail "the seed has 41 samples, fold counted $all"
cp out whole.folded

# put FILE OFFSET BYTES: overwrites bytes (printf escapes) at OFFSET.
put() {
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}

# Cut inside the header: nothing is readable.
for cut in 16 60 103; do
	head -c "$cut" whole.data > cut.data
	run "$CPROF" fold cut.data
	expect 1 "fold of a file cut at $cut bytes"
	grep -q "'cut.data' is a truncated perf.data file ($cut bytes: its header is 104)" err ||
		fail "cut at $cut: $(cat err)"
	[ "$(wc -l < err)" -eq 1 ] || fail "cut at $cut: more than one message: $(cat err)"
done

# Cut before the first sample: the attrs are read, no sample is.
head -c $((data_off + 8)) whole.data > cut.data
run "$CPROF" report cut.data
expect 1 "report of a file cut at the start of its records"
grep -q "'cut.data' is truncated" err || fail "cut at the records: $(cat err)"
grep -q "no samples in this perf.data file" err || fail "cut at the records: $(cat err)"

# Cut inside the records, at several places: the samples before the cut
# are kept, each with its whole stack (a subset of the whole file's).
prev=0
for cut in $((data_off + data_size / 4)) $((data_off + data_size / 2)) \
	   $((data_off + data_size * 9 / 10)); do
	head -c "$cut" whole.data > cut.data
	run "$CPROF" fold cut.data
	expect 0 "fold of a file cut at $cut bytes"
	grep -q "'cut.data' is truncated ($cut bytes, its data section ends at byte $((data_off + data_size))); kept [0-9]* samples" err ||
		fail "cut at $cut: $(cat err)"
	kept=$(total out)
	[ "$kept" -gt "$prev" ] && [ "$kept" -lt "$all" ] || fail "cut at $cut kept $kept of $all (before: $prev)"
	grep -q "kept $kept samples" err || fail "cut at $cut: the notice does not say $kept: $(cat err)"
	prev=$kept
	while read -r line; do
		n=${line##* }
		s=${line% *}
		w=$(awk -v s="$s" '{ c = $NF; l = $0; sub(/ [^ ]*$/, "", l); if (l == s) print c }' whole.folded)
		[ -n "$w" ] && [ "$n" -le "$w" ] || fail "cut at $cut: a stack not in the whole file: $line"
	done < out
done

# Cut after the records: every sample, the feature sections lost.
head -c $((data_off + data_size + 20)) whole.data > cut.data
run "$CPROF" fold cut.data
expect 0 "fold of a file cut in its features"
[ "$(total out)" -eq "$all" ] || fail "cut in the features kept $(total out) of $all"
grep -q "truncated after its samples.*feature sections are lost; kept $all samples" err ||
	fail "cut in the features: $(cat err)"

# A record of an impossible size in the middle: the records before it.
cp whole.data bad.data
put bad.data $((data_off + 6)) '\003\000'
run "$CPROF" fold bad.data
expect 1 "fold of a file whose first record is broken"
grep -q "'bad.data' is damaged at byte $data_off (a record of an impossible size)" err ||
	fail "broken first record: $(cat err)"

# perf killed before it wrote the data size (0): read to the end.
cp whole.data unfinished.data
put unfinished.data 48 '\000\000\000\000\000\000\000\000'
run "$CPROF" fold unfinished.data
expect 0 "fold of a file perf did not finish"
grep -q "was not finished by perf (its data size is 0): read to its end" err ||
	fail "unfinished: $(cat err)"
[ "$(total out)" -eq "$all" ] || fail "unfinished file: $(total out) of $all samples"

# Other versions, header sizes, byte orders: one message, exit 1.
cp whole.data v1.data
put v1.data 0 'PERFILE1'
run "$CPROF" fold v1.data
expect 1 "fold of PERFILE1"
grep -q "'v1.data' is perf.data version 'PERFILE1', which cprof does not read" err ||
	fail "PERFILE1: $(cat err)"
cp whole.data big.data
put big.data 0 '2ELIFREP'
run "$CPROF" flame big.data
expect 1 "flame of big-endian perf.data"
grep -q "'big.data' is perf.data of a big-endian machine" err || fail "big-endian: $(cat err)"
cp whole.data hdr.data
put hdr.data 8 '\170'
run "$CPROF" report hdr.data
expect 1 "report of an unknown header size"
grep -q "'hdr.data' has a perf.data header of 120 bytes, not 104" err || fail "header size: $(cat err)"
cp whole.data pipe.data
put pipe.data 8 '\020'
run "$CPROF" fold pipe.data
expect 1 "fold of pipe-mode perf.data"
grep -q "written to a pipe (perf record -o -)" err || fail "pipe mode: $(cat err)"
cp whole.data attr.data
put attr.data 16 '\010'
run "$CPROF" info attr.data
expect 1 "info of an impossible attr size"
grep -q "'attr.data' has attrs of 8 bytes" err || fail "attr size: $(cat err)"

# A magic that is no format's: the commands say it is not theirs.
cp whole.data x.data
put x.data 0 'XERFILE2'
run "$CPROF" fold x.data
expect 1 "fold of a file with a bad magic"
[ "$(wc -l < err)" -eq 1 ] || fail "bad magic: $(cat err)"

# Standard input: the same as the file.
run "$CPROF" fold - < whole.data
expect 0 "fold of perf.data on standard input"
cmp -s out whole.folded || fail "standard input folds differently: $(diff out whole.folded | head -3)"
echo "cuts, versions, header sizes and broken records: one message each; kept what was readable"
