/*
 * POSIX calls, each a request to the pager (mm0): tag in MR0, arguments in
 * MR2..MR5, a short send followed by a receive of the reply from the same
 * thread, and the result in MR0 (spec §3.1, §3.3).  A negative result is
 * -errno.
 */
#include "rt.h"

/* In .data, not .bss: see rt_start.c. */
int errno __attribute__((section(".data")));

static int fail(int ret)
{
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* One request/reply round trip; an IPC error counts as the result. */
static int pager_call(unsigned tag, unsigned a0, unsigned a1, unsigned a2)
{
	int err;

	write_mr(L4_MR_ARG0, a0);
	write_mr(L4_MR_ARG1, a1);
	write_mr(L4_MR_ARG2, a2);
	err = l4_sendrecv(rt_pagerid, rt_pagerid, tag);
	return err < 0 ? err : l4_get_retval();
}

/*
 * The path goes in the UTCB full buffer (MR6 onwards) and the IPC is a
 * full one, so the pager receives the whole buffer (§1.4, §3.3).
 */
int open(const char *path, int flags, ...)
{
	volatile struct utcb *utcb = l4_utcb();
	unsigned mode = 0;
	int err;

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	strncpy((char *)utcb->mr_rest, path, L4_UTCB_FULL_BUFFER_SIZE);
	write_mr(L4_MR_ARG0, flags);
	write_mr(L4_MR_ARG1, mode);
	err = l4_sendrecv_full(rt_pagerid, rt_pagerid, L4_IPC_TAG_OPEN);
	return fail(err < 0 ? err : l4_get_retval());
}

/* A read of 0 bytes is answered here, without asking the pager (§3.3). */
ssize_t read(int fd, void *buf, size_t count)
{
	if (count == 0)
		return 0;
	return fail(pager_call(L4_IPC_TAG_READ, fd, (unsigned)buf, count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return fail(pager_call(L4_IPC_TAG_WRITE, fd, (unsigned)buf, count));
}

off_t lseek(int fd, off_t offset, int whence)
{
	return fail(pager_call(L4_IPC_TAG_LSEEK, fd, offset, whence));
}

int close(int fd)
{
	return fail(pager_call(L4_IPC_TAG_CLOSE, fd, 0, 0));
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
