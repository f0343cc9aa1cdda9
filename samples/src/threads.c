/*
 * Threads made with the kernel's own calls, as a pager or a thread library
 * makes them (spec §2.7, §2.8): thread_control CREATE in the caller's space,
 * exchange_registers to give each thread its stack, entry, argument and
 * UTCB, RUN, and then WAIT for each to exit with DESTROY and its code.
 * A spinning thread is suspended, inspected and resumed.  The creator is
 * the pager of the threads it makes, so everything they touch is faulted
 * in before they start: their faults would go to it, and it serves none.
 * Each check prints a line on failure; the last line says PASSED or FAILED.
 * With the argument "orphan" it starts the spinner and exits at once: the
 * kernel must take the spinner down with its creator.
 */
#include "rt.h"

#define WORKERS		3
#define STACK_WORDS	1024
#define EXIT_BASE	40
/* UTCB slots 8..15 of our own UTCB page are free: this program never clones. */
#define FIRST_FREE_UTCB_SLOT 8

static unsigned stacks[WORKERS + 1][STACK_WORDS] __attribute__((aligned(8)));
static volatile int results[WORKERS];
static volatile unsigned spins;
static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { printf("threads: " __VA_ARGS__); putchar('\n'); failures++; } } while (0)

static l4id_t self(void)
{
	struct task_ids ids;
	l4_getid(&ids);
	return ids.tid;
}

static void worker(int index)
{
	int sum = 0;
	for (int i = 1; i <= 100 * (index + 1); i++)
		sum += i;
	results[index] = sum;
	struct task_ids ids = { .tid = self() };
	l4_thread_control(TC_DESTROY | (EXIT_BASE + index), &ids);
	for (;;)
		;	/* not reached: the thread is gone */
}

static void spinner(void)
{
	for (;;)
		spins++;
}

static l4id_t start_thread(const struct task_ids *me, int slot, void (*entry)(void), unsigned arg)
{
	struct task_ids ids = { .tid = me->tid, .spid = me->spid };
	int err = l4_thread_control(TC_CREATE | TC_SHARE_SPACE | TC_SHARE_GROUP, &ids);
	CHECK(err == 0, "CREATE returned %d", err);
	CHECK(ids.spid == me->spid && ids.tgid == me->tgid, "CREATE gave space %u group %u, not %u %u",
	      ids.spid, ids.tgid, me->spid, me->tgid);

	struct exregs_data regs;
	memset(&regs, 0, sizeof regs);
	regs.context[0] = arg;
	regs.context[13] = (unsigned)&stacks[slot][STACK_WORDS];
	regs.context[15] = (unsigned)entry;
	regs.valid_vect = EXREGS_VALID(0) | EXREGS_VALID(13) | EXREGS_VALID(15);
	regs.flags = EXREGS_SET_UTCB;
	regs.utcb_address = (unsigned)l4_utcb() + 0x100 * (FIRST_FREE_UTCB_SLOT + slot);
	err = l4_exchange_registers(&regs, ids.tid);
	CHECK(err == 0, "exchange_registers returned %d", err);

	err = l4_thread_control(TC_RUN, &ids);
	CHECK(err == 0, "RUN returned %d", err);
	return ids.tid;
}

static void run_workers(const struct task_ids *me)
{
	l4id_t tids[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		tids[i] = start_thread(me, i, (void (*)(void))worker, i);
	for (int i = 0; i < WORKERS; i++) {
		struct task_ids ids = { .tid = tids[i] };
		int code = l4_thread_control(TC_WAIT, &ids);
		int expected = (100 * (i + 1)) * (100 * (i + 1) + 1) / 2;
		CHECK(code == EXIT_BASE + i, "WAIT for worker %d returned %d", i, code);
		CHECK(results[i] == expected, "worker %d computed %d, not %d", i, results[i], expected);
		int err = l4_thread_control(TC_RUN, &ids);
		CHECK(err == -ESRCH, "RUN of a reaped thread returned %d, not -ESRCH", err);
	}
	printf("threads: %d workers created, run and reaped with their exit codes\n", WORKERS);
}

static void suspend_and_resume(const struct task_ids *me)
{
	l4id_t tid = start_thread(me, WORKERS, spinner, 0);
	struct task_ids ids = { .tid = tid };
	for (int i = 0; i < 1000 && spins == 0; i++)
		l4_thread_switch(0);
	CHECK(spins != 0, "the spinner never ran");

	int err = l4_thread_control(TC_SUSPEND, &ids);
	CHECK(err == 0, "SUSPEND returned %d", err);
	unsigned before = spins;
	for (int i = 0; i < 10; i++)
		l4_thread_switch(0);
	CHECK(spins == before, "a suspended thread ran on (%u -> %u)", before, spins);

	struct exregs_data regs;
	memset(&regs, 0, sizeof regs);
	regs.valid_vect = EXREGS_VALID(13) | EXREGS_VALID(15);
	regs.flags = EXREGS_READ | EXREGS_SET_PAGER | EXREGS_SET_UTCB;
	err = l4_exchange_registers(&regs, tid);
	CHECK(err == 0, "exchange_registers READ returned %d", err);
	CHECK(regs.context[15] >= (unsigned)spinner && regs.context[15] < (unsigned)spinner + 64,
	      "the spinner stopped at pc 0x%x, outside spinner() at 0x%x", regs.context[15], (unsigned)spinner);
	CHECK(regs.context[13] == (unsigned)&stacks[WORKERS][STACK_WORDS], "the spinner's sp is 0x%x", regs.context[13]);
	CHECK(regs.pagerid == me->tid, "the spinner's pager is %u, not its creator %u", regs.pagerid, me->tid);
	CHECK(regs.utcb_address == (unsigned)l4_utcb() + 0x100 * (FIRST_FREE_UTCB_SLOT + WORKERS),
	      "the spinner's UTCB is 0x%x", regs.utcb_address);

	err = l4_thread_control(TC_RUN, &ids);
	CHECK(err == 0, "RUN after SUSPEND returned %d", err);
	for (int i = 0; i < 1000 && spins == before; i++)
		l4_thread_switch(0);
	CHECK(spins != before, "the spinner did not run again after RUN");

	err = l4_thread_control(TC_DESTROY, &ids);
	CHECK(err == 0, "DESTROY of a child returned %d", err);
	err = l4_thread_control(TC_SUSPEND, &ids);
	CHECK(err == -ESRCH, "SUSPEND of a destroyed thread returned %d", err);
	printf("threads: a spinning thread suspended at pc in spinner(), read, resumed and destroyed\n");
}

static void refusals(const struct task_ids *me)
{
	struct task_ids ids = { .tid = me->tid, .spid = me->spid };
	int err = l4_thread_control(TC_SUSPEND, &ids);
	CHECK(err == -EPERM, "SUSPEND of a thread paged by mm0 returned %d, not -EPERM", err);
	err = l4_thread_control(TC_CREATE, &ids);
	CHECK(err == -EINVAL, "CREATE without a space flag returned %d", err);
	err = l4_thread_control(TC_CREATE | TC_NEW_SPACE | TC_SHARE_GROUP, &ids);
	CHECK(err == -EINVAL, "CREATE of a new space sharing a group returned %d", err);
	ids.spid = 999;
	err = l4_thread_control(TC_CREATE | TC_SHARE_SPACE, &ids);
	CHECK(err == -ESRCH, "CREATE in a space that does not exist returned %d", err);
	err = l4_thread_control(TC_RUN, (struct task_ids *)0);
	CHECK(err == -EFAULT, "thread_control with an unmapped struct returned %d", err);
	struct exregs_data regs;
	memset(&regs, 0, sizeof regs);
	err = l4_exchange_registers(&regs, 12345);
	CHECK(err == -ESRCH, "exchange_registers of no thread returned %d", err);
	printf("threads: bad arguments refused with -EPERM, -EINVAL, -ESRCH, -EFAULT\n");
}

int main(int argc, char **argv)
{
	struct task_ids me;
	l4_getid(&me);
	/* Fault in what the new threads touch: their faults would go to us. */
	memset(stacks, 0, sizeof stacks);
	(void)*(volatile unsigned *)worker;
	(void)*(volatile unsigned *)spinner;
	for (int i = 0; i < WORKERS; i++)
		results[i] = 0;
	spins = 0;

	if (argc > 1 && strcmp(argv[1], "orphan") == 0) {
		start_thread(&me, WORKERS, spinner, 0);
		printf("threads: exiting with a spinning thread left running\n");
		return 0;
	}
	run_workers(&me);
	suspend_and_resume(&me);
	refusals(&me);
	if (failures) {
		printf("THREAD CONTROL TEST -- FAILED -- (%d checks)\n", failures);
		return 1;
	}
	printf("THREAD CONTROL TEST -- PASSED --\n");
	return 0;
}
