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
#define EPERM	1
#define ENOENT	2
#define ESRCH	3
#define EBADF	9
#define ENOMEM	12
#define EFAULT	14
#define EEXIST	17
#define ENOTDIR	20
#define EINVAL	22
#define ENOSYS	38

/* open() flags: the values of Codezero's libposix. */
#define O_RDONLY	0
#define O_WRONLY	1
#define O_RDWR		2
#define O_CREAT		0100
#define O_TRUNC		01000

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* Permission bits for open's and mkdir's mode. */
#define S_IRWXU		0700
#define S_IRWXG		0070
#define S_IRWXO		0007

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

/*
 * Processes and threads (process.c, clone.S; §3.3, §3.5).  fork returns
 * the child's tid in the parent and 0 in the child.  clone starts fn(arg)
 * in a new thread on child_stack (its top: the stack grows down from it)
 * and returns the thread's tid; if fn returns, the thread _exits with its
 * result.  execve returns only on failure.
 */
pid_t fork(void);
int clone(int (*fn)(void *), void *child_stack, int flags, void *arg);
int execve(const char *path, char *const argv[], char *const envp[]);

/* Linux clone flags, as Codezero's pager reads them. */
#define CLONE_VM	0x00000100
#define CLONE_FS	0x00000200
#define CLONE_FILES	0x00000400
#define CLONE_SIGHAND	0x00000800
#define CLONE_PARENT	0x00008000
#define CLONE_THREAD	0x00010000

/* Memory mappings (mman.c; §3.3, §3.6).  mmap fails with MAP_FAILED. */
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x100	/* mmap returns the END of the area */
#define MAP_FAILED	((void *)-1)
#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int msync(void *addr, size_t length, int flags);

/* System V shared memory (mman.c; §3.3).  shmat fails with (void *)-1. */
typedef int key_t;
#define IPC_PRIVATE	0
#define IPC_CREAT	01000
#define IPC_EXCL	02000
#define SHM_RDONLY	010000
#define SHM_RND		020000

int shmget(key_t key, size_t size, int shmflg);
void *shmat(int shmid, const void *addr, int shmflg);
int shmdt(const void *addr);

/*
 * Directories (dir.c; §3.3, §3.4).  os_readdir fills buf with packed
 * records and returns the number of bytes it used; the pager always sends
 * 2048 bytes, so buf must hold at least that many, whatever count says.
 */
#define READDIR_BUFFER_MIN	2048

struct dirent {
	unsigned d_ino;			/* 0 */
	unsigned d_off;			/* 4 */
	unsigned short d_reclen;	/* 8: length of this record */
	unsigned char d_type;		/* 10 */
	char d_name[256];		/* 11 */
} __attribute__((packed));

int mkdir(const char *path, unsigned mode);
int chdir(const char *path);
int os_readdir(int fd, void *buf, size_t count);

#endif
