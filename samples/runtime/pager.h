/*
 * The runtime's side of the pager protocol (spec §3.1): every POSIX call
 * is an IPC to the pager with the tag in MR0, the arguments in MR2..MR5
 * and the result in MR0, -errno when negative.  Internal to the runtime.
 */
#ifndef CZEMU_PAGER_H
#define CZEMU_PAGER_H

#include "rt.h"

/* A negative result becomes errno and -1, as libposix does (§2.1). */
static inline int pager_result(int ret)
{
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/*
 * One request and its reply: a short send and a receive from the same
 * thread.  An IPC error counts as the result.
 */
static inline int pager_call(unsigned tag, unsigned a0, unsigned a1, unsigned a2)
{
	int err;

	write_mr(L4_MR_ARG0, a0);
	write_mr(L4_MR_ARG1, a1);
	write_mr(L4_MR_ARG2, a2);
	err = l4_sendrecv(rt_pagerid, rt_pagerid, tag);
	return err < 0 ? err : l4_get_retval();
}

/*
 * A request that names a path: the path goes in the UTCB full buffer
 * (MR6 onwards, cut at 216 bytes) and the IPC is a full one, so the pager
 * receives the whole buffer (§1.4, §3.3).
 */
static inline int pager_call_path(unsigned tag, const char *path, unsigned a0,
				  unsigned a1)
{
	volatile struct utcb *utcb = l4_utcb();
	int err;

	strncpy((char *)utcb->mr_rest, path, L4_UTCB_FULL_BUFFER_SIZE);
	write_mr(L4_MR_ARG0, a0);
	write_mr(L4_MR_ARG1, a1);
	err = l4_sendrecv_full(rt_pagerid, rt_pagerid, tag);
	return err < 0 ? err : l4_get_retval();
}

#endif
