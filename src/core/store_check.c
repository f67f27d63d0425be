#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stet/store.h"
#include "store_in.h"

/* LMDB 0.9's layout on disk, as mdb.c defines it (lmdb.h does not
 * publish it). A word is a size_t: page numbers, sizes and transaction
 * ids are words, in the host's byte order.
 *
 * A page begins with its header: its number (a word), a pad, its flags,
 * and the two bounds of its free space (16-bit each). Pages 0 and 1 are
 * the meta pages; after the header, a meta record: the magic and the
 * data format (32-bit each), the map's address and size (words), the
 * free and main trees (an MDB_db each), the last page in use and the
 * transaction that wrote it (words). An MDB_db is a pad holding the
 * page size in the free tree's, its flags and depth (16-bit each), its
 * counts of branch, leaf and overflow pages and of entries, and its
 * root page (words). A transaction writes the meta page of its id's
 * parity, only after every page it wrote is in the file. */
#define W sizeof(size_t)
#define PAGE_FLAGS_AT (W + 2)
#define PAGE_LOWER_AT (W + 4)
#define PAGE_UPPER_AT (W + 6)
#define PAGE_HEADER (W + 8)

#define DB_PAD_AT 0
#define DB_FLAGS_AT 4
#define DB_DEPTH_AT 6
#define DB_BRANCH_AT 8
#define DB_LEAF_AT (8 + W)
#define DB_OVERFLOW_AT (8 + 2 * W)
#define DB_ENTRIES_AT (8 + 3 * W)
#define DB_ROOT_AT (8 + 4 * W)
#define DB_SIZE (8 + 5 * W)

#define META_MAGIC_AT 0
#define META_VERSION_AT 4
#define META_MAPSIZE_AT (8 + W)
#define META_FREE_AT (8 + 2 * W)
#define META_MAIN_AT (META_FREE_AT + DB_SIZE)
#define META_LAST_AT (META_MAIN_AT + DB_SIZE)
#define META_TXNID_AT (META_LAST_AT + W)
#define META_SIZE (META_TXNID_AT + W)

#define LMDB_MAGIC 0xBEEFC0DEu
#define LMDB_DATA_VERSION 1u
#define P_BRANCH 0x01u
#define P_LEAF 0x02u
#define P_OVERFLOW 0x04u
#define P_META 0x08u
#define F_BIGDATA 0x01u
#define F_SUBDATA 0x02u
#define F_DUPDATA 0x04u
/* mdb_dbi_open's flags that a database keeps (MDB_REVERSEKEY ...
 * MDB_REVERSEDUP): stet opens every database with none of them. */
#define DB_PERSISTENT 0x7eu
#define NODE_HEADER 8u
#define P_INVALID ((uint64_t)(size_t)-1)
/* LMDB's cursors hold at most this many levels of a tree. */
#define MAX_DEPTH 32u
/* No LMDB build has smaller or larger pages. */
#define MIN_PAGE 512u
#define MAX_PAGE 65536u
/* More than any machine maps: a map size beyond it is a damaged word. */
#define MAX_MAPSIZE ((uint64_t)1 << 48)

struct meta {
	uint32_t magic, version, page_size;
	uint64_t page_no, mapsize, last, txnid;
	unsigned flags;
	unsigned char dbs[2][DB_SIZE];
};

struct checker {
	const char *path;
	int fd;
	uint64_t file_bytes;
	uint32_t psize;
	uint64_t pages;     /* last page in use + 1 */
	uint64_t visits;    /* pages of the main tree read */
	uint64_t leaves;    /* of them, leaf pages */
	uint64_t records;   /* records on those */
	unsigned char *page;
	char why[256];
};

static uint16_t get16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t get_word(const unsigned char *p)
{
	size_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static int read_at(struct checker *c, void *buf, size_t n, uint64_t off,
		   size_t *got, struct stet_error *err)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(c->fd, (char *)buf + done, n - done,
				  (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return stet_error_set(err, STET_ERR, "%s: cannot read: %s",
					      c->path, strerror(errno));
		if (r == 0)
			break;
		done += (size_t)r;
	}
	*got = done;
	return STET_OK;
}

static void read_meta(const unsigned char *b, struct meta *m)
{
	const unsigned char *r = b + PAGE_HEADER;

	m->page_no = get_word(b);
	m->flags = get16(b + PAGE_FLAGS_AT);
	m->magic = get32(r + META_MAGIC_AT);
	m->version = get32(r + META_VERSION_AT);
	m->mapsize = get_word(r + META_MAPSIZE_AT);
	memcpy(m->dbs[0], r + META_FREE_AT, DB_SIZE);
	memcpy(m->dbs[1], r + META_MAIN_AT, DB_SIZE);
	m->page_size = get32(m->dbs[0] + DB_PAD_AT);
	m->last = get_word(r + META_LAST_AT);
	m->txnid = get_word(r + META_TXNID_AT);
}

static bool page_size_ok(uint32_t ps)
{
	return ps >= MIN_PAGE && ps <= MAX_PAGE && (ps & (ps - 1)) == 0;
}

/* Whether m is LMDB's meta page number no: NULL, or what is wrong. */
static const char *meta_frame(const struct meta *m, uint64_t no)
{
	if (!(m->flags & P_META))
		return "not a meta page";
	if (m->magic != LMDB_MAGIC)
		return "its magic number is wrong";
	if (m->version != LMDB_DATA_VERSION)
		return "its data format is wrong";
	if (m->page_no != no)
		return "it holds another page number";
	if (!page_size_ok(m->page_size))
		return "its page size is wrong";
	return NULL;
}

static const char *const tree_names[2] = {"free-page", "main"};

/* A tree's record (an MDB_db) against the pages in use: its root on a
 * page in use (or none, when it is empty), a depth LMDB can walk, page
 * counts within the file. Sets c->why and returns false when wrong. */
static bool db_fits(struct checker *c, const unsigned char *db,
		    const char *what, uint64_t pages)
{
	uint64_t root = get_word(db + DB_ROOT_AT);
	unsigned depth = get16(db + DB_DEPTH_AT);
	uint64_t entries = get_word(db + DB_ENTRIES_AT);
	uint64_t counted = get_word(db + DB_BRANCH_AT);

	if (root == P_INVALID) {
		if (depth != 0 || entries != 0 || counted != 0 ||
		    get_word(db + DB_LEAF_AT) != 0 || get_word(db + DB_OVERFLOW_AT) != 0) {
			snprintf(c->why, sizeof c->why,
				 "the %s tree has no root but holds %llu entries",
				 what, (unsigned long long)entries);
			return false;
		}
		return true;
	}
	if (root < 2 || root >= pages) {
		snprintf(c->why, sizeof c->why,
			 "the %s tree's root is page %llu, of %llu in use",
			 what, (unsigned long long)root,
			 (unsigned long long)pages);
		return false;
	}
	if (depth < 1 || depth > MAX_DEPTH || entries == 0) {
		snprintf(c->why, sizeof c->why,
			 "the %s tree has depth %u and %llu entries", what,
			 depth, (unsigned long long)entries);
		return false;
	}
	/* Each count is below 2^56 when it passes, so the sum cannot wrap. */
	for (int i = 0; i < 3; i++) {
		uint64_t n = get_word(db + DB_BRANCH_AT + (size_t)i * W);

		counted = i == 0 ? n : counted + n;
		if (n > pages || counted > pages) {
			snprintf(c->why, sizeof c->why,
				 "the %s tree counts more pages than the file has",
				 what);
			return false;
		}
	}
	return true;
}

/* The meta page's frame, the last page in use and its map size. */
static bool meta_fits(struct checker *c, const struct meta *m, int no)
{
	const char *frame = meta_frame(m, (uint64_t)no);

	if (frame != NULL) {
		snprintf(c->why, sizeof c->why, "meta page %d: %s", no, frame);
		return false;
	}
	if (m->last < 1 || m->last >= UINT64_MAX / m->page_size) {
		snprintf(c->why, sizeof c->why,
			 "meta page %d: its last page is %llu", no,
			 (unsigned long long)m->last);
		return false;
	}
	if (m->mapsize > MAX_MAPSIZE) {
		snprintf(c->why, sizeof c->why,
			 "meta page %d: its map size is %llu bytes", no,
			 (unsigned long long)m->mapsize);
		return false;
	}
	/* A meta page's transaction has its parity, but for the first
	 * commit's 0, which both pages hold until the first write. */
	if (m->txnid != 0 && (m->txnid & 1) != (uint64_t)no) {
		snprintf(c->why, sizeof c->why,
			 "meta page %d: transaction %llu is not of its parity",
			 no, (unsigned long long)m->txnid);
		return false;
	}
	return true;
}

/* The trees of the meta page LMDB opens. Those of the other page are
 * not its to read: after a failed write of a meta page LMDB puts back
 * the page's old transaction and last page but not its trees, which may
 * then point past that last page; the next commit writes the page anew. */
static bool trees_fit(struct checker *c, const struct meta *m, int no)
{
	for (int t = 0; t < 2; t++) {
		char what[64];

		if (db_fits(c, m->dbs[t], tree_names[t], m->last + 1))
			continue;
		snprintf(what, sizeof what, "meta page %d: ", no);
		if (strlen(what) + strlen(c->why) < sizeof c->why) {
			memmove(c->why + strlen(what), c->why,
				strlen(c->why) + 1);
			memcpy(c->why, what, strlen(what));
		}
		return false;
	}
	return true;
}

/* Reads page no into c->page after checking its header: its own number
 * and one of the kinds of tree page. */
static int tree_page(struct checker *c, uint64_t no, const char *what,
		     unsigned *flags, struct stet_error *err)
{
	size_t got;

	if (read_at(c, c->page, c->psize, no * c->psize, &got, err) != STET_OK)
		return STET_ERR;
	if (got < c->psize) {
		snprintf(c->why, sizeof c->why,
			 "the %s database's page %llu is past the end of the file",
			 what, (unsigned long long)no);
		return STET_DAMAGED;
	}
	*flags = get16(c->page + PAGE_FLAGS_AT);
	if (get_word(c->page) != no ||
	    (*flags & (P_BRANCH | P_LEAF | P_OVERFLOW | P_META)) == 0 ||
	    (*flags & (P_OVERFLOW | P_META)) != 0 ||
	    (*flags & (P_BRANCH | P_LEAF)) == (P_BRANCH | P_LEAF)) {
		snprintf(c->why, sizeof c->why,
			 "the %s database's page %llu is not a page of it",
			 what, (unsigned long long)no);
		return STET_DAMAGED;
	}
	return STET_OK;
}

/* The nodes of the page in c->page: how many, after checking that the
 * index and every node lie inside the page. */
static int page_nodes(struct checker *c, uint64_t no, bool leaf,
		      unsigned *n)
{
	unsigned lower = get16(c->page + PAGE_LOWER_AT);
	unsigned upper = get16(c->page + PAGE_UPPER_AT);

	if (lower < PAGE_HEADER || lower > upper || upper > c->psize ||
	    (lower - PAGE_HEADER) % 2 != 0)
		goto bad;
	*n = (lower - PAGE_HEADER) / 2;
	for (unsigned i = 0; i < *n; i++) {
		unsigned at = get16(c->page + PAGE_HEADER + 2 * i);
		const unsigned char *node = c->page + at;
		size_t end;

		if (at < upper || at + NODE_HEADER > c->psize)
			goto bad;
		end = at + NODE_HEADER + get16(node + 6);
		if (leaf && !(get16(node + 4) & F_BIGDATA))
			end += (size_t)get16(node) | (size_t)get16(node + 2) << 16;
		if (end > c->psize)
			goto bad;
	}
	return STET_OK;
bad:
	snprintf(c->why, sizeof c->why,
		 "the main database's page %llu: its index runs outside it",
		 (unsigned long long)no);
	return STET_DAMAGED;
}

/* A named database's record in the main tree: its own tree must fit,
 * and its root page be a page of a tree. */
static int named_db(struct checker *c, const unsigned char *key,
		    unsigned klen, const unsigned char *db,
		    struct stet_error *err)
{
	char name[64];
	unsigned flags, depth = get16(db + DB_DEPTH_AT);
	uint64_t root = get_word(db + DB_ROOT_AT);
	unsigned char *saved = c->page;
	bool known = store_db_known(key, klen);
	int rc;

	/* Names are stet's own, short and printable; others are shown
	 * as far as they are. */
	if (klen >= sizeof name)
		klen = sizeof name - 1;
	for (unsigned i = 0; i < klen; i++)
		name[i] = key[i] >= 0x20 && key[i] < 0x7f ? (char)key[i] : '?';
	name[klen] = '\0';
	if (!db_fits(c, db, name, c->pages))
		return STET_DAMAGED;
	if (known && (get16(db + DB_FLAGS_AT) & DB_PERSISTENT)) {
		snprintf(c->why, sizeof c->why,
			 "the %s database's flags are not stet's", name);
		return STET_DAMAGED;
	}
	if (root == P_INVALID)
		return STET_OK;
	c->page = stet_xmalloc(c->psize);
	rc = tree_page(c, root, name, &flags, err);
	if (rc == STET_OK && (depth == 1) != ((flags & P_LEAF) != 0)) {
		snprintf(c->why, sizeof c->why,
			 "the %s database's root page %llu is not of its depth",
			 name, (unsigned long long)root);
		rc = STET_DAMAGED;
	}
	free(c->page);
	c->page = saved;
	return rc;
}

/* The main tree, whose records are the named databases: every page of
 * it (a handful) read and bounded, and each record's own tree checked
 * as far as its root page. */
static int main_tree(struct checker *c, uint64_t no, unsigned level,
		     unsigned depth, struct stet_error *err)
{
	unsigned flags, n;
	int rc = tree_page(c, no, "main", &flags, err);

	if (rc != STET_OK)
		return rc;
	if (++c->visits > c->pages) {
		snprintf(c->why, sizeof c->why,
			 "the main database's pages point to each other in a loop");
		return STET_DAMAGED;
	}
	if ((level == depth) != ((flags & P_LEAF) != 0)) {
		snprintf(c->why, sizeof c->why,
			 "the main database's page %llu is not of its level",
			 (unsigned long long)no);
		return STET_DAMAGED;
	}
	if ((rc = page_nodes(c, no, flags & P_LEAF, &n)) != STET_OK)
		return rc;
	if (flags & P_LEAF) {
		c->leaves++;
		c->records += n;
	}
	for (unsigned i = 0; i < n; i++) {
		/* Reread: a child's walk reads its pages into c->page. */
		unsigned at = get16(c->page + PAGE_HEADER + 2 * i);
		const unsigned char *node = c->page + at;
		unsigned klen = get16(node + 6), nflags = get16(node + 4);
		size_t dlen = (size_t)get16(node) | (size_t)get16(node + 2) << 16;

		if (flags & P_BRANCH) {
			uint64_t child = (uint64_t)get16(node) |
					 (uint64_t)get16(node + 2) << 16;

			if (W > 4)
				child |= (uint64_t)nflags << 32;
			if (child < 2 || child >= c->pages) {
				snprintf(c->why, sizeof c->why,
					 "the main database's page %llu points to page %llu, of %llu in use",
					 (unsigned long long)no,
					 (unsigned long long)child,
					 (unsigned long long)c->pages);
				return STET_DAMAGED;
			}
			rc = main_tree(c, child, level + 1, depth, err);
			if (rc == STET_OK)
				rc = tree_page(c, no, "main", &flags, err);
			if (rc != STET_OK)
				return rc;
			continue;
		}
		/* Another program's plain records are its own affair (the
		 * store refuses its file by its names); stet keeps none. */
		if (!(nflags & F_SUBDATA) &&
		    !store_db_known(node + NODE_HEADER, klen))
			continue;
		if ((nflags & (F_BIGDATA | F_DUPDATA | F_SUBDATA)) != F_SUBDATA ||
		    dlen != DB_SIZE) {
			snprintf(c->why, sizeof c->why,
				 "the main database's page %llu holds a damaged record",
				 (unsigned long long)no);
			return STET_DAMAGED;
		}
		rc = named_db(c, node + NODE_HEADER, klen,
			      node + NODE_HEADER + klen, err);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

/* Whether a meta page 1 stands at any page size: a file whose meta
 * page 0 is unreadable is then a damaged project, not another file. */
static bool second_meta(struct checker *c, struct stet_error *err)
{
	unsigned char b[PAGE_HEADER + META_SIZE];
	struct meta m;

	for (uint32_t ps = MIN_PAGE; ps <= MAX_PAGE; ps *= 2) {
		size_t got;

		if (read_at(c, b, sizeof b, ps, &got, err) != STET_OK)
			return false;
		if (got < sizeof b)
			return false;
		read_meta(b, &m);
		if (meta_frame(&m, 1) == NULL && m.page_size == ps)
			return true;
	}
	return false;
}

static int not_project(struct checker *c, const char *why,
		       struct stet_error *err)
{
	return stet_error_set(err, STET_ERR, "%s: not a stet project (%s)",
			      c->path, why);
}

static int check(struct checker *c, struct stet_file_check *out,
		 struct stet_error *err)
{
	unsigned char b[2][PAGE_HEADER + META_SIZE];
	struct meta m[2];
	const struct meta *cur;
	size_t got;
	int rc;

	if (read_at(c, b[0], sizeof b[0], 0, &got, err) != STET_OK)
		return STET_ERR;
	if (got == 0)
		return not_project(c, "an empty file", err);
	read_meta(b[0], &m[0]);
	if (got < sizeof b[0] || meta_frame(&m[0], 0) != NULL) {
		if (second_meta(c, err)) {
			snprintf(c->why, sizeof c->why, "meta page 0: %s",
				 got < sizeof b[0] ? "cut short" :
				 meta_frame(&m[0], 0));
			return STET_DAMAGED;
		}
		if (got < sizeof b[0] || m[0].magic != LMDB_MAGIC ||
		    !(m[0].flags & P_META))
			return not_project(c, "not an LMDB file", err);
		if (m[0].version != LMDB_DATA_VERSION)
			return stet_error_set(err, STET_ERR,
				"%s: not a stet project (LMDB data format %u, not %u)",
				c->path, (unsigned)m[0].version,
				LMDB_DATA_VERSION);
	}
	if (!meta_fits(c, &m[0], 0))
		return STET_DAMAGED;
	c->psize = m[0].page_size;
	if (read_at(c, b[1], sizeof b[1], c->psize, &got, err) != STET_OK)
		return STET_ERR;
	if (got < sizeof b[1]) {
		snprintf(c->why, sizeof c->why,
			 "the file is %llu bytes, cut short in its meta page 1",
			 (unsigned long long)c->file_bytes);
		return STET_DAMAGED;
	}
	read_meta(b[1], &m[1]);
	if (!meta_fits(c, &m[1], 1))
		return STET_DAMAGED;
	if (m[1].page_size != c->psize) {
		snprintf(c->why, sizeof c->why,
			 "the meta pages disagree on the page size (%u, %u)",
			 (unsigned)m[0].page_size, (unsigned)m[1].page_size);
		return STET_DAMAGED;
	}
	/* The meta pages take turns: one holds the last transaction, the
	 * other the one before it, with no more pages in use. */
	cur = m[1].txnid > m[0].txnid ? &m[1] : &m[0];
	if ((m[0].txnid != 0 || m[1].txnid != 0) &&
	    (cur->txnid - m[cur == &m[0]].txnid != 1 ||
	     m[cur == &m[0]].last > cur->last)) {
		snprintf(c->why, sizeof c->why,
			 "the meta pages hold transactions %llu and %llu",
			 (unsigned long long)m[0].txnid,
			 (unsigned long long)m[1].txnid);
		return STET_DAMAGED;
	}
	if (!trees_fit(c, cur, cur == &m[1]))
		return STET_DAMAGED;
	c->pages = cur->last + 1;
	if (c->file_bytes / c->psize < c->pages) {
		snprintf(c->why, sizeof c->why,
			 "the file is %llu bytes but its pages in use take %llu: it was cut short",
			 (unsigned long long)c->file_bytes,
			 (unsigned long long)(c->pages * c->psize));
		return STET_DAMAGED;
	}
	out->page_size = c->psize;
	out->pages = c->pages;
	out->txnid = cur->txnid;
	out->meta = cur == &m[1];
	if (get_word(cur->dbs[1] + DB_ROOT_AT) == P_INVALID)
		return STET_OK;
	c->page = stet_xmalloc(c->psize);
	rc = main_tree(c, get_word(cur->dbs[1] + DB_ROOT_AT), 1,
		       get16(cur->dbs[1] + DB_DEPTH_AT), err);
	/* A root that is some other tree's page can pass for the main
	 * tree's page by page: not by its counts. */
	if (rc == STET_OK &&
	    (c->records != get_word(cur->dbs[1] + DB_ENTRIES_AT) ||
	     c->leaves != get_word(cur->dbs[1] + DB_LEAF_AT) ||
	     c->visits - c->leaves != get_word(cur->dbs[1] + DB_BRANCH_AT))) {
		snprintf(c->why, sizeof c->why,
			 "the main database holds %llu records on %llu pages, not the %llu on %llu its meta page counts",
			 (unsigned long long)c->records,
			 (unsigned long long)c->visits,
			 (unsigned long long)get_word(cur->dbs[1] + DB_ENTRIES_AT),
			 (unsigned long long)(get_word(cur->dbs[1] + DB_LEAF_AT) +
					      get_word(cur->dbs[1] + DB_BRANCH_AT)));
		rc = STET_DAMAGED;
	}
	free(c->page);
	c->page = NULL;
	if (rc == STET_OK && get_word(cur->dbs[0] + DB_ROOT_AT) != P_INVALID) {
		unsigned flags;

		c->page = stet_xmalloc(c->psize);
		rc = tree_page(c, get_word(cur->dbs[0] + DB_ROOT_AT), "free-page",
			       &flags, err);
		free(c->page);
		c->page = NULL;
	}
	return rc;
}

int stet_store_check_file(const char *path, struct stet_file_check *out,
			  struct stet_error *err)
{
	struct stet_file_check ignored;
	struct stat sb;
	int rc = STET_DAMAGED;

	if (out == NULL)
		out = &ignored;
	memset(out, 0, sizeof *out);
	/* A writer commits by writing its pages and then a meta page: a
	 * read of the meta pages in between can see them torn. What looks
	 * damaged is read once more before it is called so. */
	for (int attempt = 0; attempt < 2 && rc == STET_DAMAGED; attempt++) {
		struct checker c = {.path = path, .fd = -1};

		c.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (c.fd < 0)
			return stet_error_set(err, STET_ERR, "%s: cannot read: %s",
					      path, strerror(errno));
		if (fstat(c.fd, &sb) != 0) {
			int e = errno;

			close(c.fd);
			return stet_error_set(err, STET_ERR, "%s: %s", path,
					      strerror(e));
		}
		c.file_bytes = out->file_bytes = (uint64_t)sb.st_size;
		rc = check(&c, out, err);
		close(c.fd);
		if (rc == STET_DAMAGED)
			stet_error_set(err, STET_DAMAGED, "%s is damaged (%s)",
				       path, c.why);
	}
	return rc;
}
