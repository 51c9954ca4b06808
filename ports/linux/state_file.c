#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "state_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "usrdtu/usrdtu.h"

/* Erase and program work through a buffer of this size: a slot never has to
 * sit on the stack whole. */
#define CHUNK 1024

static int pread_all(int fd, uint8_t *buf, size_t len, off_t at)
{
	while (len > 0) {
		ssize_t n = pread(fd, buf, len, at);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1; /* an error, or the file shrank under us */
		buf += n;
		len -= (size_t)n;
		at += n;
	}
	return 0;
}

static int pwrite_all(int fd, const uint8_t *buf, size_t len, off_t at)
{
	while (len > 0) {
		ssize_t n = pwrite(fd, buf, len, at);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
		at += n;
	}
	return 0;
}

static int sync_fd(int fd)
{
	while (fsync(fd) != 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

/* Fills [from, to) with erased bytes. */
static int fill_erased(int fd, off_t from, off_t to)
{
	uint8_t ff[CHUNK];

	memset(ff, 0xFF, sizeof ff);
	while (from < to) {
		size_t n = (size_t)(to - from) < sizeof ff ? (size_t)(to - from) : sizeof ff;

		if (pwrite_all(fd, ff, n, from) != 0)
			return -1;
		from += (off_t)n;
	}
	return 0;
}

int state_file_open(struct state_file *sf, const char *path, uint32_t slot_size)
{
	off_t need = (off_t)slot_size * STATE_SLOTS;
	struct flock lock;
	struct stat st;
	int fd;

	memset(sf, 0, sizeof *sf);
	sf->fd = -1;
	sf->path = path;
	sf->slot_size = slot_size;

	do
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		log_error("state file %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_error("state file %s: not a regular file", path);
		close(fd);
		return -1;
	}

	/* Two programs on one flash image would each believe they own it and
	 * overwrite each other's records. */
	memset(&lock, 0, sizeof lock);
	lock.l_type = F_WRLCK;
	lock.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &lock) != 0) {
		if (errno == EACCES || errno == EAGAIN)
			log_error("state file %s is in use by another process", path);
		else
			log_error("state file %s: cannot lock: %s", path, strerror(errno));
		close(fd);
		return -1;
	}

	if (st.st_size < need) {
		if (st.st_size == 0)
			log_info("state file %s: new, %u bytes of erased flash", path,
				 (unsigned)need);
		else
			log_info("state file %s: %ld bytes, padded to %ld with erased flash", path,
				 (long)st.st_size, (long)need);
		if (fill_erased(fd, st.st_size, need) != 0 || sync_fd(fd) != 0) {
			log_error("state file %s: cannot initialise: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
	} else if (st.st_size > need) {
		log_info("state file %s: %ld bytes, only the first %ld are used", path,
			 (long)st.st_size, (long)need);
	}
	sf->fd = fd;
	return 0;
}

void state_file_close(struct state_file *sf)
{
	if (sf->fd >= 0)
		close(sf->fd); /* also drops the lock */
	sf->fd = -1;
}

static int check_range(const struct state_file *sf, unsigned slot, uint32_t offset, size_t len)
{
	if (sf->fd < 0)
		return USRDTU_ERR_IO;
	if (slot >= STATE_SLOTS || offset > sf->slot_size || len > sf->slot_size - offset)
		return USRDTU_ERR_INVAL;
	return 0;
}

static off_t position(const struct state_file *sf, unsigned slot, uint32_t offset)
{
	return (off_t)slot * sf->slot_size + offset;
}

int state_file_read(struct state_file *sf, unsigned slot, uint32_t offset, uint8_t *buf, size_t len)
{
	int err = check_range(sf, slot, offset, len);

	if (err != 0)
		return err;
	if (pread_all(sf->fd, buf, len, position(sf, slot, offset)) != 0) {
		log_error("state file %s: read failed: %s", sf->path, strerror(errno));
		return USRDTU_ERR_IO;
	}
	return 0;
}

int state_file_erase(struct state_file *sf, unsigned slot)
{
	int err = check_range(sf, slot, 0, sf->slot_size);
	off_t at;

	if (err != 0)
		return err;
	at = position(sf, slot, 0);
	if (fill_erased(sf->fd, at, at + (off_t)sf->slot_size) != 0 || sync_fd(sf->fd) != 0) {
		log_error("state file %s: erase failed: %s", sf->path, strerror(errno));
		return USRDTU_ERR_IO;
	}
	sf->erases++;
	log_debug("flash: erased slot %u", slot);
	return 0;
}

int state_file_program(struct state_file *sf, unsigned slot, uint32_t offset, const uint8_t *data,
		       size_t len)
{
	int err = check_range(sf, slot, offset, len);
	uint8_t cur[CHUNK];
	size_t done = 0;
	int unerased = 0;

	if (err != 0)
		return err;
	while (done < len) {
		size_t n = len - done < sizeof cur ? len - done : sizeof cur;
		off_t at = position(sf, slot, offset + (uint32_t)done);
		size_t i;

		if (pread_all(sf->fd, cur, n, at) != 0)
			goto fail;
		/* Programming only clears bits; a bit already 0 stays 0 as it
		 * would on the chip, and the engine should have erased first. */
		for (i = 0; i < n; i++) {
			if (data[done + i] & (uint8_t)~cur[i])
				unerased = 1;
			cur[i] &= data[done + i];
		}
		if (pwrite_all(sf->fd, cur, n, at) != 0)
			goto fail;
		done += n;
	}
	if (sync_fd(sf->fd) != 0)
		goto fail;
	sf->writes++;
	if (unerased) {
		sf->unerased_writes++;
		log_info("flash: write to slot %u offset %lu (%lu bytes) sets bits that were not "
			 "erased; they stay cleared as on real flash",
			 slot, (unsigned long)offset, (unsigned long)len);
	}
	log_debug("flash: wrote %lu bytes to slot %u offset %lu", (unsigned long)len, slot,
		  (unsigned long)offset);
	return 0;
fail:
	log_error("state file %s: write failed: %s", sf->path, strerror(errno));
	return USRDTU_ERR_IO;
}
