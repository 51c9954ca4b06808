/*
 * File descriptor helpers shared by the Linux program's modules.
 */
#ifndef USRDTU_LINUX_FD_H
#define USRDTU_LINUX_FD_H

/* The poll loop must never block on one descriptor, and children must not
 * inherit it: O_NONBLOCK and FD_CLOEXEC. 0, or -1 with errno set. */
int fd_nonblock_cloexec(int fd);

#endif /* USRDTU_LINUX_FD_H */
