/*
 * The replay main() of every fuzz target: runs each file given (every file
 * of a directory given) as one input of LLVMFuzzerTestOneInput, so that a
 * corpus replays under any compiler, in ctest and under the sanitizers.
 * USRDTU_FUZZ_SHOW=1 sets fuzz_show_output for targets that can print
 * what the device said.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned replayed;

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		perror(path);
		return 1;
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *nbuf = realloc(buf, ncap);

			if (nbuf == NULL) {
				fclose(f);
				free(buf);
				fprintf(stderr, "%s: out of memory\n", path);
				return 1;
			}
			buf = nbuf;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		perror(path);
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	fprintf(stderr, "replay %s (%lu bytes)\n", path, (unsigned long)len);
	if (fuzz_show_output) {
		printf("\n===== %s\n", path);
		fflush(stdout);
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	replayed++;
	return 0;
}

static int replay_path(const char *path, int depth)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	int bad = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	if (depth > 8)
		return 0;
	dir = opendir(path);
	if (dir == NULL) {
		perror(path);
		return 1;
	}
	while ((e = readdir(dir)) != NULL) {
		size_t n;
		char *child;

		if (e->d_name[0] == '.')
			continue; /* ., .. and hidden files such as .gitkeep */
		n = strlen(path) + strlen(e->d_name) + 2;
		child = malloc(n);
		if (child == NULL) {
			bad = 1;
			break;
		}
		snprintf(child, n, "%s/%s", path, e->d_name);
		bad |= replay_path(child, depth + 1);
		free(child);
	}
	closedir(dir);
	return bad;
}

int main(int argc, char **argv)
{
	int i;
	int bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n"
				"Replays each file (every file in a directory) as one fuzz input.\n",
			argv[0]);
		return 2;
	}
	fuzz_show_output = getenv("USRDTU_FUZZ_SHOW") != NULL && getenv("USRDTU_FUZZ_SHOW")[0] == '1';
	for (i = 1; i < argc; i++)
		bad |= replay_path(argv[i], 0);
	printf("replayed %u inputs%s\n", replayed, bad ? " (some could not be read)" : "");
	if (replayed == 0)
		return 1;
	return bad;
}
