#include "stet/buf.h"
#include "stet/routes.h"

int stet_route_decode(const void *val, size_t vlen, struct stet_route *r,
		      struct stet_error *err)
{
	struct stet_rd rd;
	uint8_t band;

	stet_rd_init(&rd, val, vlen);
	stet_rd_u8(&rd, &band);
	stet_rd_varint(&rd, &r->event);
	if (!stet_rd_done(&rd) || band < STET_BAND_ACCEPT ||
	    band > STET_BAND_OVERLAP) {
		r->band = STET_BAND_NONE;
		r->event = 0;
		return stet_error_set(err, STET_ERR, "routes: damaged record");
	}
	r->band = (enum stet_band)band;
	return STET_OK;
}

int stet_route_get(struct stet_txn *txn, uint64_t item, struct stet_route *r,
		   struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	int rc;

	r->band = STET_BAND_NONE;
	r->event = 0;
	stet_u64be(key, item);
	rc = stet_get(txn, STET_DB_ROUTES, key, 8, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	return stet_route_decode(v, vl, r, err);
}

int stet_route_put(struct stet_txn *txn, uint64_t item, enum stet_band band,
		   uint64_t event, struct stet_error *err)
{
	unsigned char key[8];
	struct stet_buf b;
	int rc;

	stet_u64be(key, item);
	if (band == STET_BAND_NONE) {
		rc = stet_del(txn, STET_DB_ROUTES, key, 8, err);
		return rc == STET_NOTFOUND ? STET_OK : rc;
	}
	stet_buf_init(&b);
	stet_buf_addc(&b, (char)band);
	stet_buf_put_varint(&b, event);
	rc = stet_put(txn, STET_DB_ROUTES, key, 8, b.data, b.len, 0, err);
	stet_buf_free(&b);
	return rc;
}

uint32_t stet_band_required(enum stet_band band, uint32_t overlap)
{
	uint32_t r;

	switch (band) {
	case STET_BAND_ACCEPT: r = 0; break;
	case STET_BAND_SPOT:
	case STET_BAND_ONE: r = 1; break;
	default: r = overlap; break;
	}
	return r < overlap ? r : overlap;
}

/* The bands in the order of what they ask, the overlap (at least one)
 * above the rest. */
static int rank(enum stet_band band)
{
	switch (band) {
	case STET_BAND_ACCEPT: return 0;
	case STET_BAND_SPOT:
	case STET_BAND_ONE: return 1;
	default: return 2;
	}
}

bool stet_band_raises(enum stet_band from, enum stet_band to)
{
	return rank(to) > rank(from);
}

enum stet_band stet_band_of(double top, double accept, double review,
			    bool spot)
{
	if (top >= accept)
		return spot ? STET_BAND_SPOT : STET_BAND_ACCEPT;
	return top >= review ? STET_BAND_ONE : STET_BAND_OVERLAP;
}

const char *stet_band_name(enum stet_band band)
{
	switch (band) {
	case STET_BAND_ACCEPT: return "accept";
	case STET_BAND_SPOT: return "spot";
	case STET_BAND_ONE: return "one";
	case STET_BAND_OVERLAP: return "overlap";
	default: return "none";
	}
}

uint32_t stet_band_pending(enum stet_band band, uint32_t count)
{
	bool fixed = band == STET_BAND_ACCEPT || band == STET_BAND_SPOT ||
		     band == STET_BAND_ONE;

	return fixed && count >= stet_band_required(band, UINT32_MAX) ?
		STET_PENDING_MET : count;
}

int stet_required(struct stet_txn *txn, uint64_t item, uint32_t overlap,
		  uint32_t *required, struct stet_error *err)
{
	struct stet_route r;
	int rc = stet_route_get(txn, item, &r, err);

	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	*required = stet_band_required(r.band, overlap);
	return STET_OK;
}

int stet_routes_accepted(struct stet_txn *txn, uint64_t *n,
			 struct stet_error *err)
{
	int rc = stet_meta_get_u64(txn, "routes.accept", n, err);

	if (rc == STET_NOTFOUND)
		*n = 0;
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

int stet_routes_accepted_move(struct stet_txn *txn, enum stet_band from,
			      enum stet_band to, struct stet_error *err)
{
	int64_t d = (to == STET_BAND_ACCEPT) - (from == STET_BAND_ACCEPT);

	return d == 0 ? STET_OK : stet_meta_add_u64(txn, "routes.accept", d, err);
}
