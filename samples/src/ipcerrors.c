/*
 * The kernel's answers to IPC calls it must refuse, and to the calls that
 * do nothing, checked against what the real Codezero kernel returned
 * (spec README "Observed on the real kernel"; codezero-abi.md §2.3-§2.5,
 * §2.9).  Every refused IPC fails at once, before any rendezvous, so
 * nothing here can block.  One line per check, then the verdict.
 */
#include "rt.h"

#define ESRCH	3
#define ENOSYS	38

/* An extended send of one byte more than the kernel accepts (§2.4). */
#define TOO_BIG	(L4_IPC_EXTENDED_MAX_SIZE + 1)

/*
 * A tag no pager knows, in case a refused message were delivered after
 * all.  The kernel rejects every IPC below before it looks at MR0.
 */
#define UNKNOWN_TAG	0xFED

static int failures;

static void check(const char *what, int got, int expected)
{
	int ok = got == expected;

	printf("%s: %d (expected %d) %s\n", what, got, expected, ok ? "ok" : "WRONG");
	if (!ok)
		failures++;
}

/* Room for the refused extended send, so that the buffer itself is valid. */
static char big_buffer[TOO_BIG];

int main(void)
{
	struct task_ids ids = { 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu };
	l4id_t self, pager = rt_pagerid;
	unsigned flags;
	int ret;

	/* getid writes into a structure on the stack (§2.3). */
	ret = l4_getid(&ids);
	check("getid into a struct on the stack", ret, 0);
	check("getid: tid", ids.tid, 2);
	check("getid: spid", ids.spid, 2);
	check("getid: tgid", ids.tgid, 2);
	self = ids.tid;

	l4_set_tag(UNKNOWN_TAG);

	/* Targets that do not exist: -ESRCH (§2.2, §2.4). */
	check("ipc to tid 0", l4_ipc(0, L4_NILTHREAD, L4_IPC_FLAGS_SHORT), -ESRCH);
	check("ipc to unknown id 0x00001234",
	      l4_ipc(0x00001234u, L4_NILTHREAD, L4_IPC_FLAGS_SHORT), -ESRCH);
	check("ipc to ANYTHREAD",
	      l4_ipc(L4_ANYTHREAD, L4_NILTHREAD, L4_IPC_FLAGS_SHORT), -ESRCH);

	/* Malformed calls: -EINVAL (§2.4). */
	check("ipc to self", l4_ipc(self, L4_NILTHREAD, L4_IPC_FLAGS_SHORT), -EINVAL);
	check("ipc NIL/NIL", l4_ipc(L4_NILTHREAD, L4_NILTHREAD, L4_IPC_FLAGS_SHORT), -EINVAL);
	check("ipc to 0xFF000001",
	      l4_ipc(0xFF000001u, L4_NILTHREAD, L4_IPC_FLAGS_SHORT), -EINVAL);

	/*
	 * The flags are made here, not by l4_send_extended, which would refuse
	 * the size itself: the kernel has to see 2049 in bits 27..16.
	 */
	flags = L4_IPC_FLAGS_EXTENDED | (L4_MR_ARG0 << L4_IPC_EXT_MR_SHIFT) |
		((unsigned)TOO_BIG << L4_IPC_EXT_SIZE_SHIFT);
	write_mr(L4_MR_ARG0, (unsigned)big_buffer);
	printf("extended send flags: 0x%08x\n", flags);
	check("extended send of 2049 bytes to the pager",
	      l4_ipc(pager, L4_NILTHREAD, flags), -EINVAL);

	/* A send-receive must receive from the thread it sent to (§2.4). */
	check("sendrecv to the pager, from 5", l4_ipc(pager, 5, L4_IPC_FLAGS_SHORT), -ENOSYS);

	/* The calls that do nothing (§2.5, §2.9). */
	check("ipc_control", l4_ipc_control(0, 0, 0), -ENOSYS);
	check("container_control", l4_container_control(0, 0, 0), 0);
	check("thread_switch", l4_thread_switch(0), 0);

	printf("%-20s-- %s --\n", "IPC ERRORS TEST", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
