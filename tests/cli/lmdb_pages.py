#!/usr/bin/env python3
"""Where a stet project keeps its records, read from the file itself,
for the tests that damage a copy and check what stet salvage recovers.

It reads LMDB 0.9's layout on a 64-bit little-endian machine (mdb.c):
two meta pages (the one with the higher transaction id stands), whose
main database holds each named database's root; branch and leaf pages
below it. Only the layout; no LMDB code.

  lmdb_pages.py leaves FILE DB      one line a leaf page of DB, in key
                                    order: page number, then its keys
                                    as ids (8-byte big-endian keys)
  lmdb_pages.py value FILE DB ID    "OFFSET LENGTH" of the value of key
                                    ID (8-byte big-endian) in the file
  lmdb_pages.py cuts FILE DB         "SIZE N TOTAL" for each page boundary
                                    at which the settings, team, sessions
                                    and items still lie whole and N of DB's
                                    TOTAL ids are reachable, 0 < N < TOTAL
  lmdb_pages.py reachable FILE DB SIZE
                                    the ids whose leaf and every page
                                    above it lie whole in the first SIZE
                                    bytes: what a copy cut at SIZE can
                                    still give
"""
import struct
import sys

HDR = 16
P_BRANCH, P_LEAF, P_OVERFLOW = 0x01, 0x02, 0x04
F_BIGDATA, F_SUBDATA = 0x01, 0x02
EMPTY = 2 ** 64 - 1  # the root of a database with no records


def db_record(b, off):
    pad, flags, depth, branch, leaf, over, entries, root = struct.unpack_from(
        "<IHHQQQQQ", b, off)
    return {"psize": pad, "entries": entries, "root": root, "depth": depth}


class File:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.b = f.read()
        first = db_record(self.b, HDR + 24)
        self.psize = first["psize"] or 4096
        metas = []
        for pg in (0, 1):
            off = pg * self.psize + HDR
            magic, = struct.unpack_from("<I", self.b, off)
            txnid, = struct.unpack_from("<Q", self.b, off + 128)
            if magic == 0xBEEFC0DE:
                metas.append((txnid, db_record(self.b, off + 72)))
        self.main = max(metas, key=lambda m: m[0])[1]

    def page(self, pgno):
        off = pgno * self.psize
        flags, lower = struct.unpack_from("<HH", self.b, off + 10)
        n = (lower - HDR) // 2
        ptrs = struct.unpack_from("<%dH" % n, self.b, off + HDR)
        return off, flags, ptrs

    def nodes(self, pgno):
        """(key, flags, value offset, value length or child page)."""
        off, flags, ptrs = self.page(pgno)
        for p in ptrs:
            lo, hi, nflags, ksize = struct.unpack_from("<HHHH", self.b, off + p)
            key = self.b[off + p + 8:off + p + 8 + ksize]
            if flags & P_BRANCH:
                yield key, None, None, lo | hi << 16 | nflags << 32
            else:
                yield key, nflags, off + p + 8 + ksize, lo | hi << 16

    def walk(self, root, path=()):
        """(leaf page, the pages above it) in key order."""
        if root == EMPTY:
            return
        off, flags, ptrs = self.page(root)
        if flags & P_LEAF:
            yield root, path
            return
        for _, _, _, child in self.nodes(root):
            yield from self.walk(child, path + (root,))

    def root_of(self, name):
        for leaf, path in self.walk(self.main["root"]):
            for key, nflags, voff, vlen in self.nodes(leaf):
                if key == name.encode() and nflags & F_SUBDATA:
                    return db_record(self.b, voff)["root"], path + (leaf,)
        raise SystemExit("no database %s" % name)


def ids(f, leaf):
    return [struct.unpack(">Q", k)[0] for k, _, _, _ in f.nodes(leaf)]


def names(f):
    for leaf, _ in f.walk(f.main["root"]):
        for key, nflags, _, _ in f.nodes(leaf):
            if nflags & F_SUBDATA:
                yield key.decode()


def reachable(f, db, size):
    """The keys of db a copy cut at size still reaches (as ids when 8
    bytes long), and whether that is all of them."""
    root, above = f.root_of(db)
    whole = lambda pg: (pg + 1) * f.psize <= size
    if root == EMPTY:
        return [], True
    if not all(whole(pg) for pg in above + (root,)):
        return [], False
    got, complete = [], True
    for leaf, path in f.walk(root):
        if whole(leaf) and all(whole(pg) for pg in path):
            got += [struct.unpack(">Q", k)[0] if len(k) == 8 else k
                    for k, _, _, _ in f.nodes(leaf)]
        else:
            complete = False
    return got, complete


def main(argv):
    cmd, path, db = argv[1], argv[2], argv[3]
    f = File(path)
    root, above = f.root_of(db)
    if cmd == "cuts":
        # What stet salvage reads besides the events.
        others = ["meta", "annotators", "sessions", "items"]
        total = sum(len(ids(f, leaf)) for leaf, _ in f.walk(root))
        for size in range(f.psize * 2, len(f.b), f.psize):
            if all(reachable(f, name, size)[1] for name in others):
                n = len(reachable(f, db, size)[0])
                if 0 < n < total:
                    print(size, n, total)
        return
    if cmd == "leaves":
        for leaf, _ in f.walk(root):
            print(leaf, *ids(f, leaf))
    elif cmd == "value":
        want = struct.pack(">Q", int(argv[4]))
        for leaf, _ in f.walk(root):
            for key, nflags, voff, vlen in f.nodes(leaf):
                if key == want:
                    if nflags & F_BIGDATA:
                        raise SystemExit("value on overflow pages")
                    print(voff, vlen)
                    return
        raise SystemExit("no key %s" % argv[4])
    elif cmd == "roots":
        for name in names(f):
            r, above = f.root_of(name)
            print(name, r, *above)
    elif cmd == "reachable":
        print(*reachable(f, db, int(argv[4]))[0], sep="\n")
    else:
        raise SystemExit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
