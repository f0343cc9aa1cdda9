/*
 * posixtest: czemu's own counterpart of Codezero's POSIX test0 (spec §6).
 * main.c runs the sub-tests in the order of §6.1; each prints exactly the
 * line of §6.2 for its outcome, so a successful run prints the transcript
 * of §6.3.
 */
#ifndef POSIXTEST_H
#define POSIXTEST_H

#include "rt.h"

/* The original process's pid, and the pager's tid from "pagerid=". */
extern pid_t parent_of_all;
extern l4id_t pagerid;

/* "<name> -- PASSED --" / "-- FAILED --", the name padded to 20 columns. */
#define PASSED_LINE(name)	printf("%-20s-- PASSED --\n", name)
#define FAILED_LINE(name)	printf("%-20s-- FAILED --\n", name)

/* True in the original process, the only one that reports successes. */
static inline int is_parent_of_all(void)
{
	return getpid() == parent_of_all;
}

/* Sub-tests, in the order main runs them. */
int small_io_test(void);
int dirtest(void);
int mmaptest(void);
int shmtest(void);
int fileio(void);
int forktest(void);
int clonetest(void);
int undeftest(void);
int ipc_full_test(void);
int ipc_extended_test(void);
int user_mutex_test(void);
int exectest(pid_t parent);

/* Stops the thread for good after an impossible result (BUG()). */
void bug(void) __attribute__((noreturn));

/* dst = prefix, then n in decimal, then suffix; returns dst. */
char *name_with_number(char *dst, const char *prefix, int n, const char *suffix);

#endif
