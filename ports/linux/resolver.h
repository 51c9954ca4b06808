/*
 * Name resolution off the event loop: getaddrinfo() can take seconds (a
 * slow or absent DNS server) and must never stall the serial side. Worker
 * threads run the look-ups; each finished one writes a byte to a pipe that
 * the loop polls, and the loop collects the result.
 *
 * One request per socket (slot 0-3) and one for the NTP link (slot 4) at a
 * time: a new request, or a cancel, replaces the earlier one, whose answer
 * is then thrown away.
 */
#ifndef USRDTU_LINUX_RESOLVER_H
#define USRDTU_LINUX_RESOLVER_H

#include <pthread.h>
#include <stdint.h>

#define RESOLVER_SLOTS 5
#define RESOLVER_WORKERS 4
#define RESOLVER_HOST_MAX 256

struct addrinfo;

enum resolver_state {
	RESOLVER_IDLE = 0,
	RESOLVER_QUEUED,
	RESOLVER_RUNNING,
	RESOLVER_DONE
};

struct resolver_slot {
	enum resolver_state state;
	unsigned generation;      /* bumped by every submit and cancel */
	char host[RESOLVER_HOST_MAX];
	char service[8];
	int socktype;
	struct addrinfo *result;  /* DONE: the answer (NULL on error) */
	int error;                /* DONE: getaddrinfo's return value */
};

struct resolver {
	pthread_mutex_t lock;
	pthread_cond_t work;
	pthread_cond_t ended;     /* a worker left its loop (running went down) */
	pthread_t worker[RESOLVER_WORKERS];
	unsigned workers;         /* started */
	unsigned running;         /* started and not yet out of their loop */
	int started;
	int quit;
	int wake[2];              /* workers write, the loop reads */
	struct resolver_slot slot[RESOLVER_SLOTS];
};

/* Starts the workers. 0, or -1 with the reason logged. */
int resolver_start(struct resolver *r);
/* Tells the workers to end and joins them, waiting at most
 * RESOLVER_STOP_WAIT_MS for one inside getaddrinfo() (whose time-outs are
 * the system's, often many seconds): a worker still in it then is detached
 * and the process may exit without it. */
#define RESOLVER_STOP_WAIT_MS 500
void resolver_stop(struct resolver *r);

/* The descriptor the loop polls for POLLIN. */
int resolver_fd(const struct resolver *r);
/* Empties the wake-up pipe; then look at every slot with resolver_take. */
void resolver_clear_wakeups(struct resolver *r);

/* Asks for host:port (socktype SOCK_STREAM or SOCK_DGRAM) in slot. 0 or -1. */
int resolver_submit(struct resolver *r, unsigned slot, const char *host, uint16_t port, int socktype);
/* Forgets slot's request; a look-up under way ends unheard. */
void resolver_cancel(struct resolver *r, unsigned slot);
/* 1 when slot's answer is in: *res (to freeaddrinfo) or NULL with *error
 * set; the slot is idle again. 0 while it is still under way or idle. */
int resolver_take(struct resolver *r, unsigned slot, struct addrinfo **res, int *error);

#endif /* USRDTU_LINUX_RESOLVER_H */
