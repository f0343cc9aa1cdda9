/* Directory calls: requests to the pager (spec §3.3, §3.4). */
#include "pager.h"

int mkdir(const char *path, unsigned mode)
{
	return pager_result(pager_call_path(L4_IPC_TAG_MKDIR, path, mode, 0));
}

int chdir(const char *path)
{
	return pager_result(pager_call_path(L4_IPC_TAG_CHDIR, path, 0, 0));
}

/*
 * Two IPCs: the request is a plain send (MR2 = fd, MR3 = count), and the
 * answer an extended message of 2048 bytes that the kernel copies straight
 * into buf, with MR0 = the number of record bytes in it or -errno.
 */
int os_readdir(int fd, void *buf, size_t count)
{
	int err;

	write_mr(L4_MR_ARG0, fd);
	write_mr(L4_MR_ARG1, count);
	err = l4_send(rt_pagerid, L4_IPC_TAG_READDIR);
	if (err < 0)
		return pager_result(err);
	err = l4_receive_extended(rt_pagerid, L4_IPC_EXTENDED_MAX_SIZE, buf);
	if (err < 0)
		return pager_result(err);
	return pager_result(l4_get_retval());
}
