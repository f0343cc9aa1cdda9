/*
 * Time and processes together, for czemu's deterministic mode: every clock a program can read
 * (clock_gettime of the wall and monotonic clocks, gettimeofday, time, times, sysinfo's uptime), a
 * fork whose child sleeps 10 ms with nanosleep and reads the clocks again, the parent's wait4, and
 * the getrandom bytes. Under czemu --deterministic every run prints the same lines (the wall clock
 * starts at 2024-01-01 00:00:00 UTC and all clocks count instructions); elsewhere the times vary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long nanos(clockid_t clock)
{
	struct timespec now;

	if (clock_gettime(clock, &now) != 0)
		return -1;
	return now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void show(const char *who)
{
	struct timeval tv;
	struct tms tms;
	struct sysinfo info;

	gettimeofday(&tv, NULL);
	sysinfo(&info);
	printf("%s: realtime %lld ns, monotonic %lld ns\n", who, nanos(CLOCK_REALTIME), nanos(CLOCK_MONOTONIC));
	printf("%s: gettimeofday %lld.%06ld s, time %lld s, times %ld ticks, uptime %ld s\n", who,
	       (long long)tv.tv_sec, (long)tv.tv_usec, (long long)time(NULL), (long)times(&tms), info.uptime);
}

int main(void)
{
	unsigned char bytes[8];

	if (getrandom(bytes, sizeof bytes, 0) != sizeof bytes)
		return 1;
	printf("random: %02x%02x%02x%02x%02x%02x%02x%02x\n", bytes[0], bytes[1], bytes[2], bytes[3],
	       bytes[4], bytes[5], bytes[6], bytes[7]);
	show("parent");
	fflush(stdout);
	pid_t child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		struct timespec pause = {0, 10 * 1000 * 1000};
		long long before = nanos(CLOCK_MONOTONIC);

		nanosleep(&pause, NULL);
		printf("child: slept %s 10 ms\n", nanos(CLOCK_MONOTONIC) - before >= 10000000 ? "at least" : "LESS THAN");
		show("child");
		return 0;
	}
	int status;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return 1;
	show("parent");
	printf("clockfork: done\n");
	return 0;
}
