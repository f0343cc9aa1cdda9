/*
 * fork, clone and execve: requests to the pager (spec §3.3), whose
 * children resume inside the very IPC stub their parent called (§3.5).
 */
#include "pager.h"

/*
 * The child is created from the frame of this IPC: it comes back out of
 * l4_ipc on a copy of our stack, with MR0 = 0 in its own UTCB, and so
 * returns 0 from here; the parent gets the child's tid.
 */
pid_t fork(void)
{
	return pager_result(pager_call(L4_IPC_TAG_FORK, 0, 0, 0));
}

/* clone.S: the IPC itself, and the child's way into fn. */
int arch_clone(l4id_t to, l4id_t from, unsigned flags);

/*
 * The pager starts the new thread with SP = child_stack and our IPC frame
 * (§3.5); arch_clone's child path then takes fn and arg from the two words
 * just below the stack top, which we store here first: arg at
 * child_stack[-1], fn at child_stack[-2].
 */
int clone(int (*fn)(void *), void *child_stack, int flags, void *arg)
{
	unsigned *top = child_stack;

	if (!fn || !top) {
		errno = EINVAL;
		return -1;
	}
	top[-1] = (unsigned)arg;
	top[-2] = (unsigned)fn;
	write_mr(L4_MR_ARG0, (unsigned)child_stack);
	write_mr(L4_MR_ARG1, flags);
	l4_set_tag(L4_IPC_TAG_CLONE);
	return pager_result(arch_clone(rt_pagerid, rt_pagerid, L4_IPC_FLAGS_SHORT));
}

/*
 * The pager reads the path and both NULL-terminated arrays out of our
 * memory.  On success it replaces this program and never replies.
 */
int execve(const char *path, char *const argv[], char *const envp[])
{
	return pager_result(pager_call(L4_IPC_TAG_EXECVE, (unsigned)path,
				       (unsigned)argv, (unsigned)envp));
}
