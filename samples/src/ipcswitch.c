/*
 * Short IPC round trips (spec §2.4) between two threads, N rounds
 * (argv[1], default 1000), with the partner either a second thread in our
 * own space, made with thread_control and exchange_registers (§2.7, §2.8),
 * or, with argv[2] = "fork", a forked process in a space of its own.  The
 * two loops are the same, so czemu bench takes the difference of their
 * round-trip times as the cost of the two address-space switches a
 * cross-space round trip adds.
 */
#include "rt.h"

#define DEFAULT_ROUNDS	1000
#define TAG_PING	70
#define TAG_PONG	71
#define STACK_WORDS	1024
/* A free UTCB slot of our own UTCB page: this program never clones. */
#define PARTNER_UTCB_SLOT 8

static unsigned partner_stack[STACK_WORDS] __attribute__((aligned(8)));
static l4id_t pinger;
static int rounds;

/* Answers every ping with its value plus one. */
static void ponger(void)
{
	for (int i = 0; i < rounds; i++) {
		l4_receive(pinger);
		write_mr(2, read_mr(2) + 1);
		l4_send(pinger, TAG_PONG);
	}
	struct task_ids self;
	l4_getid(&self);
	l4_thread_control(TC_DESTROY, &self);
}

static int ping(l4id_t partner)
{
	for (int i = 0; i < rounds; i++) {
		write_mr(2, i);
		if (l4_sendrecv(partner, partner, TAG_PING) < 0 || read_mr(2) != (unsigned)i + 1) {
			printf("ipcswitch: round %d: got %u, expected %d\n", i, read_mr(2), i + 1);
			return 1;
		}
	}
	return 0;
}

/* The partner as a thread of our space; returns its id, or 0. */
static l4id_t start_thread_partner(void)
{
	struct task_ids ids;
	l4_getid(&ids);
	memset(partner_stack, 0, sizeof partner_stack);	/* its faults would come to us */
	(void)*(volatile unsigned *)ponger;
	if (l4_thread_control(TC_CREATE | TC_SHARE_SPACE, &ids) < 0)
		return 0;
	struct exregs_data regs;
	memset(&regs, 0, sizeof regs);
	regs.context[13] = (unsigned)&partner_stack[STACK_WORDS];
	regs.context[15] = (unsigned)ponger;
	regs.valid_vect = EXREGS_VALID(13) | EXREGS_VALID(15);
	regs.flags = EXREGS_SET_UTCB;
	regs.utcb_address = (unsigned)l4_utcb() + 0x100 * PARTNER_UTCB_SLOT;
	if (l4_exchange_registers(&regs, ids.tid) < 0 || l4_thread_control(TC_RUN, &ids) < 0)
		return 0;
	return ids.tid;
}

int main(int argc, char **argv)
{
	rounds = argc > 1 ? atoi(argv[1]) : DEFAULT_ROUNDS;
	int across_spaces = argc > 2 && strcmp(argv[2], "fork") == 0;
	pinger = getpid();

	l4id_t partner;
	if (across_spaces) {
		int child = fork();
		if (child < 0) {
			printf("ipcswitch: fork failed: %d\n", errno);
			return 1;
		}
		if (child == 0) {
			ponger();	/* a process has no business destroying itself: */
			_exit(0);	/* the DESTROY above fails, and it exits by its pager */
		}
		partner = child;
	} else {
		partner = start_thread_partner();
		if (partner == 0) {
			printf("ipcswitch: could not start the partner thread\n");
			return 1;
		}
	}
	if (ping(partner))
		return 1;
	printf("SHORT IPC ROUND TRIPS -- PASSED -- (%d, partner %s)\n", rounds,
	       across_spaces ? "in another space" : "in the same space");
	return 0;
}
