# man pages
dist_man_MANS += man/cprof-flame.1
dist_man_MANS += man/cprof.1 man/cprof-record.1 man/cprof-attach.1 man/cprof-fold.1 \
	man/cprof-info.1 man/cprof-help.1 man/cprof-data.5
dist_man_MANS += man/cprof-report.1 man/cprof-annotate.1
dist_man_MANS += man/cprof-diff.1
dist_man_MANS += man/cprof-export.1
