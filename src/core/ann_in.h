/* Inside stet_annotations_import: the write path every format reader
 * shares (annotations_in.c) and the readers (stet's own records there,
 * ann_prodigy.c, ann_labelstudio.c, ann_doccano.c). A reader turns the
 * tool's records into struct ann_rec and hands each to ann_record; items,
 * annotators, sessions, labels and events are made in one place. */
#ifndef STET_ANN_IN_H
#define STET_ANN_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "stet/annotate.h"
#include "stet/annotations_in.h"
#include "stet/item.h"
#include "stet/buf.h"
#include "stet/error.h"
#include "stet/offsets.h"
#include "stet/schema.h"
#include "stet/tokens.h"
#include "stet/store.h"

struct ann_ctx;

/* What a record says about its item. */
enum ann_what {
	ANN_LABEL,  /* these labels are the annotator's answer */
	ANN_ACCEPT, /* binary: the item has labels[0] */
	ANN_REJECT, /* binary: the item does not have labels[0] */
	ANN_NONE,   /* an answer that chose no label */
	ANN_SKIP,   /* no answer: the annotator passed the item over */
	ANN_MARKS   /* no labels of the whole item: spans or tags alone */
};

/* Things passed over or read in a way worth telling the user; counted
 * per file and reported after it is written. */
enum ann_note {
	NOTE_IGNORED,       /* Prodigy "ignore" answers: skips */
	NOTE_REJECT_CHOICE, /* Prodigy choice "reject" answers: skips */
	NOTE_REJECT_SKIP,   /* binary rejects with no negative label: skips */
	NOTE_REJECT_UNLABEL,/* binary rejects that withdrew the label */
	NOTE_NONE_SKIP,     /* answers with no label: skips */
	NOTE_NONE_UNLABEL,  /* answers with no label that withdrew one */
	NOTE_CANCELLED,     /* Label Studio was_cancelled: skips */
	NOTE_UNLABELLED,    /* doccano records with no label: passed over */
	NOTE_NUMERIC,       /* doccano 1.0-1.4 numeric label ids */
	NOTE_RENAMED,       /* label names not in NFC, read in NFC */
	NOTE_PASSED,        /* results of other kinds or controls */
	NOTE_IDCLASH,       /* a tool's id taken by other text in stet */
	NOTE_SPAN_SPACE,    /* a span's text differs from its offsets'
			       only by the white space around it */
	NOTE_PARTS,         /* brat: discontinuous spans kept as parts */
	NOTE_DROPPED_TAGS,  /* CoNLL: tags on multiword lines, empty nodes */
	NOTE_COUNT
};

/* Details kept per note: the first few distinct ones are named. */
#define ANN_NOTE_DETAILS 6

struct ann_note_state {
	uint64_t n;
	char *details[ANN_NOTE_DETAILS];
	size_t ndetails;
	bool more;
};

/* One file's notes (ann_notes.c); zeroed is empty. */
struct ann_notes {
	struct ann_note_state k[NOTE_COUNT];
};

void ann_notes_add(struct ann_notes *an, enum ann_note note,
		   const char *detail);
void ann_notes_free(struct ann_notes *an);
/* One line a kind noted, "FILE: N what[: details]", to on_note. */
void ann_notes_report(const struct ann_notes *an, const char *file,
		      void (*on_note)(void *ctx, const char *msg), void *ctx);

/* A span as a tool gives it: offsets in the record's unit into the
 * record's text as the file has it (before NFC), end exclusive; the
 * label's name; the text the tool says the span covers, or NULL when
 * the format does not repeat it. */
struct ann_span {
	uint64_t start, end;
	const char *label;
	const char *text;
	const char *name; /* how messages name it ("result 4", "T3"), or
			     NULL: "span N" */
};

/* One annotation. Strings are borrowed for the call. */
struct ann_rec {
	const char *ext_id;    /* the tool's id of the item, or NULL */
	const char *text;      /* the item's text; NULL: stet's own records,
				  where the item is known by ext_id alone */
	const char *meta;      /* compact JSON object for a new item, or NULL */
	const char *annotator; /* NULL: --annotator, else an error */
	const char *session;   /* NULL: "import" */
	int64_t time_ms;
	bool has_time;         /* false: the time of the import */
	uint32_t duration_ms;
	enum ann_what what;
	const char *const *labels; /* names as the tool gives them */
	size_t nlabels;
	/* Spans: the annotator's whole set for the item (has_spans with no
	 * spans: they marked none). */
	bool has_spans;
	bool spans_in_tokens; /* offsets are token numbers, end exclusive */
	enum stet_unit unit;
	const struct ann_span *spans;
	size_t nspans;
	/* Token tags: one label name a token, NULL for a token left
	 * untagged (has_tags with ntags tokens). */
	bool has_tags;
	const char *const *tags;
	size_t ntags;
	/* The tool's tokens, in code points of text as given; NULL: the
	 * item's own. */
	const struct stet_tokens *tokens;
	/* The item as stet import reads it from the same file (CoNLL: its
	 * token lines and tokens, in NFC), for an item the project lacks;
	 * NULL for others. */
	const struct stet_item *model;
};

/* A span in the item's code points (the NFC of the text given), its
 * label still the tool's name. */
struct ann_cp_span {
	uint32_t start, end;
	const char *label;
};

/* The record's spans in the code points of the item's text: offsets in
 * r->unit converted exactly, each span's text (where the tool repeats
 * it) checked against its offsets, the offsets mapped through NFC and
 * checked to fall between graphemes. text is the text the offsets count
 * in: r->text, or the stored item's for stet's own records. out holds
 * r->nspans entries. A span whose text differs from its offsets' only by
 * white space around it is noted (NOTE_SPAN_SPACE); any other
 * difference, an offset past the text or inside a character, is an
 * error naming the span. */
int ann_spans_to_item(struct ann_notes *notes, const struct ann_rec *r,
		      const char *text, struct ann_cp_span *out,
		      struct stet_error *err);
/* The code point offset in the item's text of the token boundaries the
 * tool gives (r->tokens), through NFC like spans: out holds
 * r->tokens->n entries. */
int ann_tokens_to_item(const struct ann_rec *r, struct stet_tokens *out,
		       struct stet_error *err);

/* Records one annotation: finds or creates its item, annotator and
 * session and appends the event. */
int ann_record(struct ann_ctx *ac, const struct ann_rec *r,
	       struct stet_error *err);

/* Appends the SPANS event of r's spans and tags: ev names the item,
 * annotator, session, time and duration. Labels unknown to the schema
 * are added as span or token labels with --add-labels. */
int ann_marks_append(struct ann_ctx *ac, const struct ann_rec *r,
		     struct stet_event *ev, struct stet_error *err);
/* The id of the label given (as ann_record finds them, --add-labels
 * adding it with this kind); an error when the schema has it as a label
 * of another kind (a token label does for spans: a tag is a span). */
int ann_label_id(struct ann_ctx *ac, const char *given,
		 enum stet_label_kind kind, uint32_t *id,
		 struct stet_error *err);
struct stet_txn *ann_txn(const struct ann_ctx *ac);
const struct stet_schema *ann_schema(const struct ann_ctx *ac);
/* The version events are written under (the schema's, one more when
 * the import added labels). */
uint32_t ann_schema_version(const struct ann_ctx *ac);

/* The file's notes, for what counts them itself. */
struct ann_notes *ann_notes_of(struct ann_ctx *ac);

/* Counts a note; detail (a label name, a result type; NULL for none) is
 * kept for the message, each distinct one once. */
void ann_note(struct ann_ctx *ac, enum ann_note note, const char *detail);

/* The import's options, the file's path as given ("-": standard input)
 * and its name in messages. */
const struct stet_annot_opts *ann_opts(const struct ann_ctx *ac);
const char *ann_path(const struct ann_ctx *ac);
const char *ann_file(const struct ann_ctx *ac);
/* The file name without its directory and last extension ("admin" for
 * "exports/admin.jsonl"), or NULL for standard input. Owned by ac. */
const char *ann_file_stem(struct ann_ctx *ac);

/* A list of label names a reader builds; free with ann_names_free. */
struct ann_names {
	char **v;
	size_t n;
};
void ann_names_add(struct ann_names *l, const char *name);
void ann_names_free(struct ann_names *l);

/* A string or an integer as text (integers in decimal), or NULL. The
 * result is malloc'd. */
char *ann_id_text(json_t *v);

/* A format reader. JSONL formats give line(), called for each record
 * of the file (one JSON value a line); whole-document formats give
 * load() (before the transaction: read and check the file), walk()
 * (inside it, possibly more than once when the store grows) and free(). */
struct ann_reader {
	const char *name;
	int (*line)(struct ann_ctx *ac, json_t *o, struct stet_error *err);
	int (*load)(struct ann_ctx *ac, void **state, struct stet_error *err);
	int (*walk)(struct ann_ctx *ac, void *state, struct stet_error *err);
	void (*free)(void *state);
};

extern const struct ann_reader ann_reader_stet, ann_reader_prodigy,
	ann_reader_labelstudio, ann_reader_doccano, ann_reader_brat,
	ann_reader_conll;

#endif
