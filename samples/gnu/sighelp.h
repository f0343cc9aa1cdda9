/*
 * Helpers the signal samples share (signals.c, sigedge.c): installing an action, and arming
 * ITIMER_REAL in milliseconds.
 */
#ifndef SIGHELP_H
#define SIGHELP_H

#include <signal.h>
#include <string.h>
#include <sys/time.h>

/* A handler without SA_SIGINFO. */
static inline void install(int sig, void (*handler)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

/* A handler with SA_SIGINFO (and flags). */
static inline void install_info(int sig, void (*action)(int, siginfo_t *, void *), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = action;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

/* ITIMER_REAL: SIGALRM in ms milliseconds, then every interval_ms (0: once; ms 0 disarms). */
static inline void arm(int ms, int interval_ms) {
    struct itimerval t = {{interval_ms / 1000, interval_ms % 1000 * 1000}, {ms / 1000, ms % 1000 * 1000}};
    setitimer(ITIMER_REAL, &t, NULL);
}

#endif
