/*
 * POSIX calls, each a request to the pager (mm0): tag in MR0, arguments in
 * MR2..MR5, a short send followed by a receive of the reply from the same
 * thread, and the result in MR0 (spec §3.1, §3.3).  A negative result is
 * -errno.
 */
#include "pager.h"

/* In .data, not .bss: see rt_start.c. */
int errno __attribute__((section(".data")));

/* The path travels in the UTCB full buffer (pager.h). */
int open(const char *path, int flags, ...)
{
	unsigned mode = 0;

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	return pager_result(pager_call_path(L4_IPC_TAG_OPEN, path, flags, mode));
}

/* A read of 0 bytes is answered here, without asking the pager (§3.3). */
ssize_t read(int fd, void *buf, size_t count)
{
	if (count == 0)
		return 0;
	return pager_result(pager_call(L4_IPC_TAG_READ, fd, (unsigned)buf, count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return pager_result(pager_call(L4_IPC_TAG_WRITE, fd, (unsigned)buf, count));
}

off_t lseek(int fd, off_t offset, int whence)
{
	return pager_result(pager_call(L4_IPC_TAG_LSEEK, fd, offset, whence));
}

int close(int fd)
{
	return pager_result(pager_call(L4_IPC_TAG_CLOSE, fd, 0, 0));
}

/* getpid is the full thread id, container bits included (§2.2). */
pid_t getpid(void)
{
	struct task_ids ids;

	l4_getid(&ids);
	return ids.tid;
}

/*
 * EXIT: the pager closes the files and destroys the thread, so no reply
 * ever comes (§3.3).  Should the call return anyway, stay here.
 */
void _exit(int status)
{
	pager_call(L4_IPC_TAG_EXIT, status, 0, 0);
	for (;;)
		;
}

/* Nothing is buffered and there are no atexit handlers. */
void exit(int status)
{
	_exit(status);
}

int wait_pager(l4id_t pid)
{
	for (int i = 0; i < 6; i++)
		write_mr(i, i);
	return l4_send(pid, L4_IPC_TAG_SYNC);
}
