/*
 * Signal-bound benchmark: ROUNDS (argv[1], default 20000) rounds of raise(SIGUSR1) into a handler
 * installed with SA_SIGINFO, so each round is glibc's raise (gettid, getpid, tgkill), the handler's
 * entry with its rt_sigframe, the handler, and rt_sigreturn.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t handled;

static void handler(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	(void)context;
	handled += info->si_signo == SIGUSR1;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20000;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	for (int i = 0; i < rounds; i++)
		raise(SIGUSR1);
	printf("%d rounds, %d signals handled\n", rounds, (int)handled);
	return handled == rounds ? 0 : 1;
}
