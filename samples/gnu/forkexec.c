/*
 * Processes: fork, execve of this very program with arguments, wait4 with the child's exit status,
 * a child killed by SIGTERM and one by SIGSEGV, getpid/getppid seen from both sides, and a failed
 * execve that leaves the caller running. With "stuck" as argv[1] it waits for a child that pauses
 * for ever instead: nothing can run any more, and the emulator must say so rather than hang.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, pid_t pid, int status)
{
	if (WIFEXITED(status))
		printf("%s: pid ok %d, exited with %d\n", what, pid > 0, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: pid ok %d, killed by signal %d\n", what, pid > 0, WTERMSIG(status));
	else
		printf("%s: status 0x%x\n", what, status);
}

/* Null, but the compiler cannot prove it. */
int *volatile nowhere;

int main(int argc, char **argv)
{
	int status;
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("exec'd child: argc %d, argv[2] %s\n", argc, argv[2]);
		return atoi(argv[2]);
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && strcmp(argv[1], "stuck") == 0) {
		pid_t child = fork();
		if (child == 0)
			for (;;)
				pause();
		printf("waiting for a child that never exits\n");
		waitpid(child, &status, 0);
		printf("not reached\n");
		return 1;
	}
	pid_t self = getpid();
	pid_t child = fork();
	if (child == 0) {
		printf("child: parent is the forker %d\n", getppid() == self);
		char *args[] = { argv[0], "child", "7", NULL };
		execv(argv[0], args);
		printf("execv failed: errno %d\n", errno);
		_exit(99);
	}
	pid_t got = wait4(child, &status, 0, NULL);
	report("exec child", got == child, status);

	child = fork();
	if (child == 0) {
		pause();
		_exit(1);
	}
	kill(child, SIGTERM);
	got = waitpid(child, &status, 0);
	report("terminated child", got == child, status);

	child = fork();
	if (child == 0) {
		*nowhere = 1;
		_exit(2);
	}
	got = waitpid(-1, &status, 0);
	report("faulting child", got == child, status);

	printf("execve of a missing file: %d errno %d\n", execl("/no/such/program", "x", (char *)0), errno);
	printf("wait with no children: %d errno %d\n", wait(&status), errno);
	return 3;
}
