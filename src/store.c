/*
 * Two flash slots, each holding at most one settings record: a 16-byte
 * header, then the bytes of the sections (docs/storage.md has the layout).
 *
 * A save never touches the slot with the newest valid record: it erases the
 * other one, writes the body and only then the header, whose CRC covers the
 * header and the body. Power lost at any byte leaves the new slot without a
 * valid header, so the previous record still wins; once the header is out,
 * the new record wins by its higher sequence number.
 */
#include "engine.h"

#include <string.h>

#define MAGIC0 0x55 /* 'U' */
#define MAGIC1 0x44 /* 'D' */
#define FORMAT_VERSION 1
#define CRC_COVERED 12 /* header bytes before the CRC field */
#define SECTION_MAX 0xFFFFu

struct header {
	uint32_t seq;
	uint32_t crc;
	uint16_t len[STORE_SECTIONS];
};

/* CRC-32 (reflected polynomial 0xEDB88320) one bit at a time: no table
 * in flash; a record is checked at start-up and after each save, where
 * eight steps a byte cost well under a millisecond per kilobyte. crc is the
 * result of a previous call (0 to start), so a CRC can be computed over
 * pieces. */
uint32_t store_crc32(uint32_t crc, const uint8_t *data, size_t len)
{
	unsigned bit;

	crc = ~crc;
	while (len-- > 0) {
		crc ^= *data++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[1] << 8 | p[0]);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int has_flash(const struct usrdtu *dev)
{
	const struct usrdtu_hal *hal = dev->hal;

	return hal->flash_read != NULL && hal->flash_erase != NULL && hal->flash_write != NULL;
}

/* Any HAL failure is an I/O error, whatever code the port chose. */
static int hal_result(int r)
{
	return r < 0 ? USRDTU_ERR_IO : 0;
}

static int flash_read(struct usrdtu *dev, unsigned slot, uint32_t offset, void *buf, size_t len)
{
	return hal_result(dev->hal->flash_read(dev->ctx, slot, offset, buf, len));
}

uint32_t store_record_size(uint32_t body)
{
	uint32_t total = STORE_HEADER_SIZE + body;

	return (total + STORE_CHUNK - 1u) / STORE_CHUNK * STORE_CHUNK;
}

static void header_encode(uint8_t *h, uint8_t profile_id, const struct header *hd)
{
	h[0] = MAGIC0;
	h[1] = MAGIC1;
	h[2] = FORMAT_VERSION;
	h[3] = profile_id;
	put_le32(h + 4, hd->seq);
	put_le16(h + 8, hd->len[0]);
	put_le16(h + 10, hd->len[1]);
	put_le32(h + 12, hd->crc);
}

/* Reads and checks the header of a slot's record without its body. */
static int header_read(struct usrdtu *dev, unsigned slot, struct header *hd)
{
	uint8_t h[STORE_HEADER_SIZE];
	int r = flash_read(dev, slot, 0, h, sizeof h);

	if (r < 0)
		return r;
	if (h[0] != MAGIC0 || h[1] != MAGIC1 || h[2] != FORMAT_VERSION || h[3] != dev->profile->id)
		return USRDTU_ERR_CORRUPT;
	hd->seq = get_le32(h + 4);
	hd->len[0] = get_le16(h + 8);
	hd->len[1] = get_le16(h + 10);
	hd->crc = get_le32(h + 12);
	if (STORE_HEADER_SIZE + (uint32_t)hd->len[0] + hd->len[1] > dev->hal->flash_slot_size)
		return USRDTU_ERR_CORRUPT;
	return 0;
}

/* 0 when the slot holds a whole record of this profile with a good CRC. */
static int slot_check(struct usrdtu *dev, unsigned slot, struct header *hd)
{
	uint8_t buf[STORE_CHUNK];
	uint32_t pos, end, crc;
	int r = header_read(dev, slot, hd);

	if (r < 0)
		return r;
	header_encode(buf, dev->profile->id, hd);
	crc = store_crc32(0, buf, CRC_COVERED);
	end = STORE_HEADER_SIZE + (uint32_t)hd->len[0] + hd->len[1];
	for (pos = STORE_HEADER_SIZE; pos < end; pos += sizeof buf) {
		size_t n = end - pos < sizeof buf ? (size_t)(end - pos) : sizeof buf;

		r = flash_read(dev, slot, pos, buf, n);
		if (r < 0)
			return r;
		crc = store_crc32(crc, buf, n);
	}
	return crc == hd->crc ? 0 : USRDTU_ERR_CORRUPT;
}

/* Serial-number arithmetic (RFC 1982): a is newer than b when it is ahead
 * by less than half the number space, so the counter may wrap. */
static int seq_newer(uint32_t a, uint32_t b)
{
	uint32_t d = a - b;

	return d != 0 && d < 0x80000000u;
}

int store_open(struct usrdtu *dev)
{
	struct header hd[2];
	int ok0, ok1;
	unsigned slot;

	if (!has_flash(dev))
		return USRDTU_ERR_NOTSUP;
	ok0 = slot_check(dev, 0, &hd[0]) == 0;
	ok1 = slot_check(dev, 1, &hd[1]) == 0;
	dev->store_valid = 0;
	if (!ok0 && !ok1)
		return USRDTU_ERR_NOENT;
	slot = ok1 && (!ok0 || seq_newer(hd[1].seq, hd[0].seq)) ? 1u : 0u;
	dev->store_slot = (uint8_t)slot;
	dev->store_valid = 1;
	dev->store_seq = hd[slot].seq;
	return 0;
}

int store_section(struct usrdtu *dev, unsigned section, struct store_reader *rd)
{
	struct header hd;
	int r;

	rd->pos = rd->end = 0;
	if (!dev->store_valid || section >= STORE_SECTIONS)
		return USRDTU_ERR_NOENT;
	/* store_open() checked the whole record; the header read here is the
	 * same bytes, so only its lengths are needed. */
	r = header_read(dev, dev->store_slot, &hd);
	if (r < 0)
		return r;
	rd->pos = STORE_HEADER_SIZE + (section == 1 ? (uint32_t)hd.len[0] : 0u);
	rd->end = rd->pos + hd.len[section];
	return 0;
}

/* buf NULL skips the bytes. */
int store_get(struct usrdtu *dev, struct store_reader *rd, void *buf, size_t len)
{
	int r = 0;

	if (len > rd->end - rd->pos)
		return USRDTU_ERR_CORRUPT;
	if (buf != NULL && len > 0)
		r = flash_read(dev, dev->store_slot, rd->pos, buf, len);
	rd->pos += (uint32_t)len;
	return r;
}

/* Programs the staged block, padded with erased bytes, so that every write
 * is one aligned STORE_CHUNK: flash with a programming unit (8 or 16 bytes
 * with ECC) never sees the same unit written twice. */
static void writer_flush(struct store_writer *w)
{
	const struct usrdtu_hal *hal = w->dev->hal;

	if (w->fill == 0 || w->err != 0)
		return;
	memset(w->buf + w->fill, 0xFF, STORE_CHUNK - w->fill);
	w->err = hal_result(hal->flash_write(w->dev->ctx, w->slot, w->pos - w->fill, w->buf, STORE_CHUNK));
	w->fill = 0;
}

void store_put(struct store_writer *w, const void *data, size_t len)
{
	const uint8_t *d = data;

	if (w->err != 0)
		return;
	if (w->dry) {
		w->pos += (uint32_t)len;
		return;
	}
	w->crc = store_crc32(w->crc, d, len);
	while (len > 0 && w->err == 0) {
		size_t n = STORE_CHUNK - w->fill;

		if (n > len)
			n = len;
		memcpy(w->buf + w->fill, d, n);
		w->fill = (uint8_t)(w->fill + n);
		w->pos += (uint32_t)n;
		d += n;
		len -= n;
		if (w->fill == STORE_CHUNK)
			writer_flush(w);
	}
}

/* Runs the producers; returns the body length or -err. */
static int32_t run_sections(struct store_writer *w, const store_section_fn fn[STORE_SECTIONS],
			    const void *const arg[STORE_SECTIONS], uint16_t len[STORE_SECTIONS])
{
	unsigned s;

	w->pos = STORE_HEADER_SIZE;
	for (s = 0; s < STORE_SECTIONS; s++) {
		uint32_t start = w->pos;

		fn[s](w, arg[s]);
		if (w->err != 0)
			return w->err;
		if (w->pos - start > SECTION_MAX)
			return USRDTU_ERR_NOSPC;
		len[s] = (uint16_t)(w->pos - start);
	}
	return (int32_t)(w->pos - STORE_HEADER_SIZE);
}

int store_write(struct usrdtu *dev, const store_section_fn fn[STORE_SECTIONS],
		const void *const arg[STORE_SECTIONS])
{
	struct store_writer w;
	struct header hd, check;
	uint8_t h[STORE_HEADER_SIZE];
	uint16_t len[STORE_SECTIONS];
	int32_t body;
	int r;

	r = store_open(dev);
	if (r < 0 && r != USRDTU_ERR_NOENT)
		return r;

	/* First pass: only the size, so that a record that cannot fit is
	 * refused before anything is erased. */
	memset(&w, 0, sizeof w);
	w.dev = dev;
	w.dry = 1;
	body = run_sections(&w, fn, arg, len);
	if (body < 0)
		return (int)body;
	if (store_record_size((uint32_t)body) > dev->hal->flash_slot_size)
		return USRDTU_ERR_NOSPC;

	hd.seq = dev->store_seq + 1u;
	hd.len[0] = len[0];
	hd.len[1] = len[1];
	hd.crc = 0;
	header_encode(h, dev->profile->id, &hd);

	w.slot = dev->store_valid ? (uint8_t)(dev->store_slot ^ 1u) : 0u;
	w.dry = 0;
	w.crc = store_crc32(0, h, CRC_COVERED);
	r = hal_result(dev->hal->flash_erase(dev->ctx, w.slot));
	if (r < 0)
		return r;
	if (run_sections(&w, fn, arg, len) != body || len[0] != hd.len[0] || len[1] != hd.len[1])
		return w.err != 0 ? w.err : USRDTU_ERR_CORRUPT; /* a producer changed its mind */
	writer_flush(&w);
	if (w.err != 0)
		return w.err;

	/* The commit: until these bytes are in, the slot holds no valid record. */
	hd.crc = w.crc;
	header_encode(h, dev->profile->id, &hd);
	r = hal_result(dev->hal->flash_write(dev->ctx, w.slot, 0, h, sizeof h));
	if (r < 0)
		return r;

	/* Flash that did not take every bit must not pass for saved: the
	 * other slot still holds the previous record. */
	r = slot_check(dev, w.slot, &check);
	if (r < 0 || check.seq != hd.seq)
		return USRDTU_ERR_IO;
	dev->store_slot = w.slot;
	dev->store_valid = 1;
	dev->store_seq = hd.seq;
	return 0;
}
