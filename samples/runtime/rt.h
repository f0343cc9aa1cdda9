/*
 * The sample programs' C runtime: a few libc functions, a console on the
 * PL011 UART and POSIX file calls carried to the pager by IPC.  The build
 * uses no system headers at all (-nostdinc), so the few types needed are
 * defined here.  Section numbers refer to shared/spec/codezero-abi.md.
 */
#ifndef CZEMU_RT_H
#define CZEMU_RT_H

#include "l4.h"

#define NULL ((void *)0)
typedef __SIZE_TYPE__ size_t;
typedef int ssize_t;
typedef int off_t;
typedef int pid_t;

typedef __builtin_va_list va_list;
#define va_start(ap, last)	__builtin_va_start(ap, last)
#define va_arg(ap, type)	__builtin_va_arg(ap, type)
#define va_end(ap)		__builtin_va_end(ap)

/* Environment and pager id, set up by __rt_start before main. */
extern char **environ;
extern l4id_t rt_pagerid;	/* from "pagerid=<decimal>" (§1.6) */

/* Console (§1.7): every '\n' is followed by a '\r' on the wire. */
int putchar(int c);
int puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strings and memory. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
int atoi(const char *s);
char *getenv(const char *name);

/* Errors: Linux numbering, as the kernel and pager use (§2.1). */
extern int errno;
#define ENOENT	2
#define EBADF	9
#define EEXIST	17
#define EINVAL	22

/* open() flags: the values of Codezero's libposix. */
#define O_RDONLY	0
#define O_WRONLY	1
#define O_RDWR		2
#define O_CREAT		0100
#define O_TRUNC		01000

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* POSIX calls (§3.3): -1 and errno on failure. */
int open(const char *path, int flags, ...);
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
off_t lseek(int fd, off_t offset, int whence);
int close(int fd);
pid_t getpid(void);
void _exit(int status) __attribute__((noreturn));
void exit(int status) __attribute__((noreturn));

/* Sends the pager test's SYNC message: MR0..MR5 = 0..5, tag 5, no reply. */
int wait_pager(l4id_t pid);

#endif
