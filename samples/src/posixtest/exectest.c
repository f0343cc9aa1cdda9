/*
 * exectest (spec §6.2): writes the exec program embedded in this image
 * (execimage.S) to /home/bahadir/execfile<pid> and execs it with four
 * arguments and an environment naming the original process and the
 * pager.  Every process that gets here does this; the exec'd copies
 * report (exec/main.c).  Returns only if the execve failed.
 */
#include "posixtest.h"

extern const char _start_test_exec[], _end_test_exec[];

#define WRITE_CHUNK	4096

static int write_all(int fd, const char *p, int len)
{
	while (len > 0) {
		int n = write(fd, p, len < WRITE_CHUNK ? len : WRITE_CHUNK);

		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

int exectest(pid_t parent)
{
	static char *const argv[] = {
		"FIRST ARG", "SECOND ARG", "THIRD ARG", "FOURTH ARG", NULL,
	};
	char env_parent[32], env_pager[32], path[64];
	char *envp[] = { env_parent, env_pager, NULL };
	pid_t me = getpid();
	int fd, err;

	name_with_number(path, "/home/bahadir/execfile", me, "");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, S_IRWXU);
	if (fd < 0 && errno == EEXIST) {
		/* A tid can come back after its owner exited: try once more. */
		name_with_number(path, "/home/bahadir/execfile", me, "-2");
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, S_IRWXU);
		if (fd < 0)
			printf("OPEN: %d, failed twice, last time for %s\n", -errno, path);
	}
	if (fd >= 0) {
		if (write_all(fd, _start_test_exec, _end_test_exec - _start_test_exec) < 0)
			printf("exectest: writing %s failed: %d\n", path, -errno);
		close(fd);
	}

	name_with_number(env_parent, "parent_of_all=", parent, "");
	name_with_number(env_pager, "pagerid=", pagerid, "");
	err = execve(path, argv, envp);

	printf("EXECVE failed with %d\n", err < 0 ? -errno : err);
	printf("EXECVE TEST      -- FAILED --\n");
	return -1;
}
