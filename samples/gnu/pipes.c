/*
 * Pipes between processes: a child's stdout redirected with dup2 into a pipe its parent reads to
 * the end; 200000 bytes through a 64 KiB pipe, so the writer blocks until the reader drains it;
 * EOF once every writer has closed; EPIPE for a write nobody can read; dup and fcntl(F_DUPFD).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int p[2], status;
	char buf[4096];
	setvbuf(stdout, NULL, _IONBF, 0);

	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		for (int i = 0; i < 5; i++)
			printf("line %d from the child\n", i);
		return 0;
	}
	close(p[1]);
	ssize_t n, total = 0;
	int lines = 0;
	while ((n = read(p[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		total += n;
	}
	close(p[0]);
	waitpid(child, &status, 0);
	printf("parent read %zd bytes, %d lines, then EOF (%zd); child exited %d\n", total, lines, n, WEXITSTATUS(status));

	pipe(p);
	child = fork();
	if (child == 0) {
		close(p[0]);
		memset(buf, 'z', sizeof buf);
		long sent = 0;
		while (sent < 200000) {
			ssize_t w = write(p[1], buf, sent + (long)sizeof buf > 200000 ? 200000 - sent : (long)sizeof buf);
			if (w <= 0)
				return 1;
			sent += w;
		}
		return 0;
	}
	close(p[1]);
	total = 0;
	long sum = 0;
	while ((n = read(p[0], buf, 1000)) > 0) {
		total += n;
		for (ssize_t i = 0; i < n; i++)
			sum += buf[i];
	}
	waitpid(child, &status, 0);
	printf("big transfer: %zd bytes, checksum %ld, writer exited %d\n", total, sum, WEXITSTATUS(status));

	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	close(p[0]);
	printf("write with no reader: %zd errno %d\n", write(p[1], "x", 1), errno);
	close(p[1]);

	pipe(p);
	int copy = dup(p[1]);
	int high = fcntl(p[1], F_DUPFD, 10);
	printf("dup gave a new fd %d, F_DUPFD >= 10 %d\n", copy > p[1], high >= 10);
	write(copy, "via dup ", 8);
	write(high, "via F_DUPFD\n", 12);
	close(copy);
	close(high);
	close(p[1]);
	n = read(p[0], buf, sizeof buf - 1);
	buf[n] = 0;
	printf("read back: %s", buf);
	printf("then EOF: %zd\n", read(p[0], buf, 1));
	return 0;
}
