/* What the fuzz targets share. Each target defines
 * LLVMFuzzerTestOneInput; libFuzzer calls it in a fuzzing build
 * (configure --enable-fuzzing), replay.c in every other build, with the
 * inputs kept under tests/fuzz/. The readers and importers take paths,
 * so an input is written to a file in a scratch directory; the
 * importers write into a project, so each run gets a new one and no run
 * sees what an earlier one left. */
#ifndef STET_FUZZ_COMMON_H
#define STET_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "stet/annotations_in.h"
#include "stet/reader.h"
#include "stet/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch directory: under $TMPDIR, else /dev/shm when there is one
 * (commits of a project cost no disk flush there), else /tmp. Made on
 * first use, removed at exit. */
const char *fuzz_dir(void);

/* Writes size bytes of data to the file name in the scratch directory,
 * replacing it, and returns its path (valid until the next call). A
 * failure here is the harness's, not the input's: it aborts. */
const char *fuzz_file(const char *name, const void *data, size_t size);

/* A project in the scratch directory with the schema file text given
 * (stet(5)), holding just what a new project of that schema holds,
 * whatever an earlier run did to it. Aborts when it cannot be made.
 * fuzz_project_drop says the run is done with it. */
struct stet_store *fuzz_project(const char *schema);
void fuzz_project_drop(struct stet_store *st);

/* What every import must leave: a project stet verify finds no fault
 * in (the event log's chain, the derived databases, the queue). Aborts
 * naming the first fault otherwise. */
void fuzz_verify(struct stet_store *st);

/* The bytes before the first line "----" of data, and those after it:
 * one input for targets that read two files (brat's .txt and .ann).
 * Without such a line, all of data is the second part. */
void fuzz_split(const uint8_t *data, size_t size, const uint8_t **a,
		size_t *alen, const uint8_t **b, size_t *blen);



/* Reads data as a corpus file of format fmt with the options given, in
 * the encoding given (NULL: UTF-8; else converted by iconv, as stet
 * import --encoding does), as stet import does before it stores
 * anything: every bad record passed
 * over (--skip-bad), every item read normalised, then encoded as the
 * project stores it and decoded again; an item whose record does not
 * read back to the same record aborts. */
void fuzz_items(const uint8_t *data, size_t size, enum stet_format fmt,
		const struct stet_read_opts *opts, const char *encoding);

/* The schema of the importers' projects: item labels and span labels
 * (and, in FUZZ_SCHEMA_TOKENS, token labels instead of span labels). */
#define FUZZ_SCHEMA \
	"POSITIVE\nNEGATIVE\nNEUTRAL\n" \
	"PER kind=span\nLOC kind=span\nORG kind=span\nMISC kind=span\n"
#define FUZZ_SCHEMA_TOKENS \
	"POSITIVE\nNEGATIVE\nNOUN kind=token\nVERB kind=token\n" \
	"DET kind=token\nPUNCT kind=token\n"

/* Imports data as the annotation file name (in the scratch directory)
 * into a new project of the schema given, as stet import-annotations
 * does with the options given (their on_note is set here), and when
 * that succeeds, imports it again. */
void fuzz_annotations(const uint8_t *data, size_t size, const char *name,
		      const struct stet_annot_opts *opts, const char *schema);

/* Stores data as the value of key in db of a project made once (in a
 * write transaction that is then abandoned, so that every run meets
 * the same project) and calls read, which reads it back as stet does. */
void fuzz_record(enum stet_db db, const void *key, size_t klen,
		 const uint8_t *data, size_t size,
		 void (*read)(struct stet_txn *txn, void *ctx), void *ctx);

#endif
