/*
 * A child that has exited keeps its pid until its parent waits for it:
 * the parent forks three children that exit at once, forks three more
 * while none is reaped, and checks that all six pids differ and that
 * wait4 hands each back exactly once, with its exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 6

int main(void)
{
	pid_t pids[CHILDREN];
	int failures = 0;

	for (int i = 0; i < CHILDREN; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(10 + i);
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		pids[i] = pid;
		if (i == CHILDREN / 2 - 1)
			usleep(20000);	/* the first three are surely gone, none reaped */
	}
	for (int i = 0; i < CHILDREN; i++)
		for (int j = 0; j < i; j++)
			if (pids[i] == pids[j]) {
				printf("child %d got the pid of child %d, which was not reaped yet\n", i, j);
				failures++;
			}
	int seen[CHILDREN] = {0};
	for (int n = 0; n < CHILDREN; n++) {
		int status;
		pid_t pid = wait4(-1, &status, 0, NULL);
		int found = -1;
		for (int i = 0; i < CHILDREN; i++)
			if (pids[i] == pid)
				found = i;
		if (found < 0 || seen[found]++ || !WIFEXITED(status) || WEXITSTATUS(status) != 10 + found) {
			printf("wait4 returned %d with status 0x%x\n", (int)pid, status);
			failures++;
		}
	}
	if (wait4(-1, NULL, 0, NULL) != -1) {
		printf("a seventh child was reaped\n");
		failures++;
	}
	printf("zombies: %d children, distinct pids, each reaped once with its status: %s\n", CHILDREN,
	       failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
