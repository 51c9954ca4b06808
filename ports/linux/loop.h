/*
 * The event loop: waits on the serial input and the engine's next deadline,
 * feeds bytes and time into the engine, and ends on a signal or once the
 * input is over and nothing is left to answer.
 */
#ifndef USRDTU_LINUX_LOOP_H
#define USRDTU_LINUX_LOOP_H

#include "port.h"

/* Makes SIGTERM and SIGINT end the loop and SIGPIPE harmless. 0 or -1. */
int loop_install_signals(void);

/* Runs until the end; returns the exit status. */
int loop_run(struct port *p);

#endif /* USRDTU_LINUX_LOOP_H */
