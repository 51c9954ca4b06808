#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "fd.h"

#include <fcntl.h>

int fd_nonblock_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	int fd_fl = fcntl(fd, F_GETFD);

	if (fl < 0 || fd_fl < 0)
		return -1;
	if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC) < 0)
		return -1;
	return 0;
}
