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
#include <time.h>
#include <unistd.h>

#include "fd.h"
#include "log.h"

static void slot_forget(struct resolver_slot *s);

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
	r->running--;
	pthread_cond_broadcast(&r->ended);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int resolver_start(struct resolver *r)
{
	pthread_condattr_t monotonic;
	sigset_t all, old;
	unsigned i;

	memset(r, 0, sizeof *r);
	r->wake[0] = r->wake[1] = -1;
	if (pipe(r->wake) != 0 || fd_nonblock_cloexec(r->wake[0]) != 0 || fd_nonblock_cloexec(r->wake[1]) != 0) {
		log_error("resolver: cannot create its pipe: %s", strerror(errno));
		return -1;
	}
	/* the stop's bounded wait must not move with the wall clock */
	if (pthread_condattr_init(&monotonic) != 0 ||
	    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC) != 0 ||
	    pthread_mutex_init(&r->lock, NULL) != 0 || pthread_cond_init(&r->work, NULL) != 0 ||
	    pthread_cond_init(&r->ended, &monotonic) != 0) {
		log_error("resolver: cannot create its lock");
		return -1;
	}
	pthread_condattr_destroy(&monotonic);
	/* Signals belong to the loop's thread (its handler wakes poll). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < RESOLVER_WORKERS; i++) {
		if (pthread_create(&r->worker[i], NULL, worker, r) != 0)
			break;
		r->workers++;
		r->running++;
	}
	pthread_mutex_unlock(&r->lock);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (i == 0) {
		log_error("resolver: cannot start a thread");
		return -1;
	}
	r->started = 1;
	return 0;
}

void resolver_stop(struct resolver *r)
{
	struct timespec until;
	unsigned i, left;

	if (!r->started)
		return;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += (long)RESOLVER_STOP_WAIT_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&r->lock);
	r->quit = 1;
	pthread_cond_broadcast(&r->work);
	while (r->running > 0 && pthread_cond_timedwait(&r->ended, &r->lock, &until) == 0) {
	}
	left = r->running;
	pthread_mutex_unlock(&r->lock);
	/* Every worker has left its loop: joined, so that nothing of theirs
	 * outlives the stop. One still in getaddrinfo() is detached instead
	 * (joining it could wait for the system's DNS time-out); the lock and
	 * the pipe then stay, since it may still touch them until the
	 * process ends. */
	for (i = 0; i < r->workers; i++) {
		if (left == 0)
			pthread_join(r->worker[i], NULL);
		else
			pthread_detach(r->worker[i]);
	}
	r->workers = 0;
	r->started = 0;
	if (left != 0)
		return;
	for (i = 0; i < RESOLVER_SLOTS; i++)
		slot_forget(&r->slot[i]);
	close(r->wake[0]);
	close(r->wake[1]);
	r->wake[0] = r->wake[1] = -1;
	pthread_cond_destroy(&r->ended);
	pthread_cond_destroy(&r->work);
	pthread_mutex_destroy(&r->lock);
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
