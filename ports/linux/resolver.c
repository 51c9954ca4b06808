#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "resolver.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "fd.h"
#include "log.h"

static void wake_loop(struct resolver *r)
{
	unsigned char b = 1;

	if (write(r->wake[1], &b, 1) < 0) {
		/* the pipe is full: the loop has a wake-up pending already */
	}
}

static void *worker(void *arg)
{
	struct resolver *r = arg;

	pthread_mutex_lock(&r->lock);
	while (!r->quit) {
		struct addrinfo hints, *res = NULL;
		char host[RESOLVER_HOST_MAX], service[8];
		unsigned i, generation;
		int err;

		for (i = 0; i < RESOLVER_SLOTS; i++) {
			if (r->slot[i].state == RESOLVER_QUEUED)
				break;
		}
		if (i == RESOLVER_SLOTS) {
			pthread_cond_wait(&r->work, &r->lock);
			continue;
		}
		r->slot[i].state = RESOLVER_RUNNING;
		generation = r->slot[i].generation;
		memcpy(host, r->slot[i].host, sizeof host);
		memcpy(service, r->slot[i].service, sizeof service);
		memset(&hints, 0, sizeof hints);
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = r->slot[i].socktype;
		hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV;
		pthread_mutex_unlock(&r->lock);

		err = getaddrinfo(host, service, &hints, &res);

		pthread_mutex_lock(&r->lock);
		if (r->slot[i].generation == generation && r->slot[i].state == RESOLVER_RUNNING) {
			r->slot[i].state = RESOLVER_DONE;
			r->slot[i].result = err == 0 ? res : NULL;
			r->slot[i].error = err;
			wake_loop(r);
		} else if (err == 0) {
			freeaddrinfo(res); /* cancelled or replaced meanwhile */
		}
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int resolver_start(struct resolver *r)
{
	pthread_attr_t attr;
	sigset_t all, old;
	unsigned i;

	memset(r, 0, sizeof *r);
	r->wake[0] = r->wake[1] = -1;
	if (pipe(r->wake) != 0 || fd_nonblock_cloexec(r->wake[0]) != 0 || fd_nonblock_cloexec(r->wake[1]) != 0) {
		log_error("resolver: cannot create its pipe: %s", strerror(errno));
		return -1;
	}
	if (pthread_mutex_init(&r->lock, NULL) != 0 || pthread_cond_init(&r->work, NULL) != 0) {
		log_error("resolver: cannot create its lock");
		return -1;
	}
	pthread_attr_init(&attr);
	/* Detached: at exit a worker still waiting for a DNS answer must not
	 * hold the program up. */
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* Signals belong to the loop's thread (its handler wakes poll). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < RESOLVER_WORKERS; i++) {
		pthread_t t;

		if (pthread_create(&t, &attr, worker, r) != 0)
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (i == 0) {
		log_error("resolver: cannot start a thread");
		return -1;
	}
	r->started = 1;
	return 0;
}

void resolver_stop(struct resolver *r)
{
	if (!r->started)
		return;
	pthread_mutex_lock(&r->lock);
	r->quit = 1;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->lock);
	/* The lock and the pipe stay: a detached worker may still touch them
	 * until the process ends. */
}

int resolver_fd(const struct resolver *r)
{
	return r->started ? r->wake[0] : -1;
}

void resolver_clear_wakeups(struct resolver *r)
{
	unsigned char buf[64];

	while (read(r->wake[0], buf, sizeof buf) > 0) {
	}
}

/* Frees what a slot holds; the lock is held. */
static void slot_forget(struct resolver_slot *s)
{
	if (s->state == RESOLVER_DONE && s->result != NULL)
		freeaddrinfo(s->result);
	s->result = NULL;
	s->generation++;
	s->state = RESOLVER_IDLE;
}

int resolver_submit(struct resolver *r, unsigned slot, const char *host, uint16_t port, int socktype)
{
	struct resolver_slot *s;

	if (!r->started || slot >= RESOLVER_SLOTS || strlen(host) >= RESOLVER_HOST_MAX)
		return -1;
	s = &r->slot[slot];
	pthread_mutex_lock(&r->lock);
	slot_forget(s);
	memcpy(s->host, host, strlen(host) + 1);
	snprintf(s->service, sizeof s->service, "%u", (unsigned)port);
	s->socktype = socktype;
	s->state = RESOLVER_QUEUED;
	pthread_cond_signal(&r->work);
	pthread_mutex_unlock(&r->lock);
	return 0;
}

void resolver_cancel(struct resolver *r, unsigned slot)
{
	if (!r->started || slot >= RESOLVER_SLOTS)
		return;
	pthread_mutex_lock(&r->lock);
	slot_forget(&r->slot[slot]);
	pthread_mutex_unlock(&r->lock);
}

int resolver_take(struct resolver *r, unsigned slot, struct addrinfo **res, int *error)
{
	struct resolver_slot *s;
	int done = 0;

	if (!r->started || slot >= RESOLVER_SLOTS)
		return 0;
	s = &r->slot[slot];
	pthread_mutex_lock(&r->lock);
	if (s->state == RESOLVER_DONE) {
		*res = s->result;
		*error = s->error;
		s->result = NULL;
		s->state = RESOLVER_IDLE;
		done = 1;
	}
	pthread_mutex_unlock(&r->lock);
	return done;
}
