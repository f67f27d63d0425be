/* Importing corpus files: sniff, read, normalise to NFC, match records
 * to items (by their id, or by content when they have none), and store,
 * one write transaction per file. */
#ifndef STET_IMPORT_H
#define STET_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/reader.h"
#include "stet/sniff.h"
#include "stet/store.h"

struct stet_import_opts {
	enum stet_format format; /* STET_FMT_AUTO: detect */
	const char *encoding;    /* NULL: the file must be UTF-8 */
	struct stet_read_opts read;
	bool skip_bad; /* import the good records, report the bad ones */
	/* Gold items: each record's label is its known answer (a record
	 * without one, or with a label not in the schema, is bad). An item
	 * already in the project becomes gold. */
	bool gold;
	/* Called once per skipped record after the file is committed. */
	void (*on_skip)(void *ctx, const char *msg);
	/* Called once per record without an id dropped as a duplicate of
	 * an item from another place (file and line), after the commit:
	 * the message names both ids. */
	void (*on_duplicate)(void *ctx, const char *msg);
	/* Called once per file passed over by stet_import_documents (an
	 * empty file, a link to a folder), after the commit. */
	void (*on_note)(void *ctx, const char *msg);
	/* Called now and then while reading: bytes done of total (0 when
	 * the size is unknown). */
	void (*on_progress)(void *ctx, uint64_t done, uint64_t total);
	void *ctx;
};

struct stet_import_result {
	enum stet_format format;
	uint64_t added;
	uint64_t duplicates;
	uint64_t skipped;
	uint64_t gold;  /* items made gold, new or already there */
	/* Records with "prediction" and "score", or "scores": predictions
	 * of model "import" at version model_version (0: none), and the
	 * scores left out (a label the schema lacks, outside [0, 1]). */
	uint64_t predictions;
	uint64_t scores_skipped;
	uint64_t model_version;
	bool empty; /* the file had no bytes: nothing was written */
};

/* Imports one file in one transaction. On any failure nothing of the
 * file is written and err names the file, line and byte at fault. */
int stet_import_file(struct stet_store *st, const char *path,
		     const struct stet_import_opts *opts,
		     struct stet_import_result *res, struct stet_error *err);

/* One text item of each file, for a corpus kept as a folder of
 * documents: paths are folders, walked in sorted order (names starting
 * with '.' left out, links to folders not followed), or files. A file
 * found in a folder has its path below that folder as its id, a file
 * given outright its path as given. Its text is its content, checked as
 * UTF-8 or converted from opts->encoding, without its last line end.
 * All files in one transaction: a bad file (binary, not UTF-8, an id
 * already naming other content) fails them all, unless skip_bad lists
 * it through on_skip. Empty files make no item and get a note. */
int stet_import_documents(struct stet_store *st, char *const *paths,
			  size_t npaths, const struct stet_import_opts *opts,
			  struct stet_import_result *res,
			  struct stet_error *err);

/* Normalises every string of a freshly read item to NFC and fills its
 * hash and, when it has none, its external id from the hash. */
int stet_item_normalise(struct stet_item *it, struct stet_error *err);

#endif
