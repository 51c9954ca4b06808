/*
 * The settings flash of the emulated device: a file holding two slots of
 * slot_size bytes each, read and programmed like NOR flash (erase sets every
 * byte to 0xFF, programming can only clear bits). Every erase and write is
 * on disk before the call returns, so killing the program at any moment
 * leaves the file as a power cut would leave flash.
 */
#ifndef USRDTU_LINUX_STATE_FILE_H
#define USRDTU_LINUX_STATE_FILE_H

#include <stddef.h>
#include <stdint.h>

#define STATE_SLOTS 2
#define STATE_SLOT_SIZE 16384u

struct state_file {
	const char *path;
	int fd;
	uint32_t slot_size;
	uint32_t erases;
	uint32_t writes;
	uint32_t unerased_writes; /* writes that tried to set cleared bits */
};

/* Opens path (creating it filled with 0xFF when missing, padding it with
 * 0xFF when short) and locks it against a second program. 0 or -1 (the
 * reason is logged). */
int state_file_open(struct state_file *sf, const char *path, uint32_t slot_size);
void state_file_close(struct state_file *sf);

/* Each returns 0 or a negative enum usrdtu_err. */
int state_file_read(struct state_file *sf, unsigned slot, uint32_t offset, uint8_t *buf, size_t len);
int state_file_erase(struct state_file *sf, unsigned slot);
int state_file_program(struct state_file *sf, unsigned slot, uint32_t offset, const uint8_t *data,
		       size_t len);

#endif /* USRDTU_LINUX_STATE_FILE_H */
