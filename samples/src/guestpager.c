/*
 * A pager written as a user program (spec §4.1, §4.2): the creator of a
 * thread is its pager, so the page faults and undefined instructions of the
 * threads this task makes come to it as IPC from the kernel, and it answers
 * them with map and l4_ipc_return as any L4 pager does.
 *
 * The task makes a worker in its own space whose stack and data lie in the
 * window of virtual memory the memory share gives it (0x90000000, not
 * covered by mm0's areas).  Each fault the worker takes there arrives as a
 * PFAULT message (MR1 tid, MR2 pc, MR3 fsr, MR4 address, MR5 pte); the pager
 * maps a frame of its physical region and replies 0, and the worker's
 * instruction runs again.  A call into an unmapped page is a prefetch abort
 * (fsr bit 8): the pager maps a frame there, writes code into it and
 * invalidates the I-cache before it replies.  An undefined instruction
 * arrives with tag 1 and the worker goes on after it.  The first fault is
 * not answered: the pager suspends the waiting worker and runs it again,
 * and the same fault comes back, as on Codezero, where SUSPEND interrupts
 * the fault IPC and the instruction runs again.  A second worker
 * writes outside the window; the pager refuses that fault and the kernel
 * stops the worker, which the pager then destroys.
 *
 * Run with --share thread-control --share memory --share capability-control.
 */
#include "rt.h"
#include "caps.h"
#include "thread.h"

#define TAG_PFAULT		0
#define TAG_UNDEF		1
#define TAG_DONE		40
#define FSR_PREFETCH		(1u << 8)
#define FSR_WRITE		(1u << 11)
#define UNDEFINED_INSN		0xF1F0FEEDu
/* UTCB slots 8.. of our own UTCB page are free: this program never clones. */
#define FIRST_FREE_UTCB_SLOT	8

#define DATA_OFFSET		0x0100		/* the worker's array starts here... */
#define DATA_WORDS		(3 * 1024)	/* ...and runs over three page boundaries */
#define CODE_OFFSET		0x6000		/* a function the pager writes on demand */
#define STACK_OFFSET		0x8000		/* top of the worker's stack */
#define STRAY_STACK_OFFSET	0x5000		/* and of the second worker's */
#define OUTSIDE_WINDOW		0xA0000000u

static struct map_window window;
static unsigned next_frame;		/* the next unused frame of the region */
static l4id_t pager;			/* this task's first thread: the workers' pager */
static int faults, prefetches, undefs, refused, repeated;
static unsigned refused_address, refused_pc, refused_write;
static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { printf("guestpager: " __VA_ARGS__); putchar('\n'); failures++; } } while (0)

/* Runs in the worker: everything it touches outside its image is in the window. */
static void worker(void)
{
	volatile unsigned *data = (volatile unsigned *)(window.virt + DATA_OFFSET);
	unsigned sum = 0;
	for (unsigned i = 0; i < DATA_WORDS; i++)
		data[i] = i * 3;
	for (unsigned i = 0; i < DATA_WORDS; i++)
		sum += data[i];
	asm volatile(".word 0xF1F0FEED");	/* reported to the pager, then skipped */
	int (*written)(void) = (int (*)(void))(window.virt + CODE_OFFSET);
	int answer = written();
	write_mr(L4_MR_ARG0, sum);
	write_mr(L4_MR_ARG1, (unsigned)answer);
	l4_send(pager, TAG_DONE);
	for (;;)
		l4_receive(pager);		/* until the pager destroys it */
}

/* Runs in the second worker: a write the pager will not serve. */
static void stray(void)
{
	*(volatile unsigned *)OUTSIDE_WINDOW = 1;
	l4_send(pager, TAG_DONE);		/* not reached */
	for (;;)
		;
}

/*
 * Starts a worker; the workers' pager is this thread, which serves only the
 * window, so the image is faulted in before any starts (l4_prefault_image).
 */
static l4id_t start(const struct task_ids *me, int slot, void (*entry)(void), unsigned stack)
{
	l4id_t tid = 0;
	int err = l4_thread_start(me, entry, 0, stack, FIRST_FREE_UTCB_SLOT + slot, &tid);
	CHECK(err == 0, "starting a worker failed with %d", err);
	return tid;
}

/* A function the pager writes into the page it maps for a prefetch abort. */
static void write_code(unsigned page)
{
	volatile unsigned *code = (volatile unsigned *)page;
	code[0] = 0xE3A0002Au;	/* mov r0, #42 */
	code[1] = 0xE12FFF1Eu;	/* bx lr */
	CHECK(l4_cache_control(page, page + 8, L4_INVALIDATE_ICACHE) == 0, "cache_control refused");
}

/* One page fault: map a fresh frame for a page of the window, refuse anything else. */
static int serve_fault(l4id_t thread, unsigned pc, unsigned fsr, unsigned address, unsigned pte)
{
	unsigned page = address & ~0xFFFu;
	int prefetch = (fsr & FSR_PREFETCH) != 0;
	if (page < window.virt || page >= window.virt_end) {
		refused_address = address;
		refused_pc = pc;
		refused_write = fsr & FSR_WRITE;
		refused++;
		return -EFAULT;
	}
	CHECK(pte == 0, "a fault on a page already mapped (pte 0x%x)", pte);
	if (next_frame >= window.phys_end)
		return -ENOMEM;
	int err = l4_map(next_frame, page, 1, prefetch ? MAP_USR_RWX : MAP_USR_RW, thread);
	if (err < 0)
		return err;
	next_frame += 0x1000;
	if (prefetch) {
		write_code(page);
		prefetches++;
		CHECK(pc == address, "a prefetch abort at pc 0x%x reported address 0x%x", pc, address);
	}
	faults++;
	return 0;
}

/* The pager's loop: the kernel's fault and undef messages, then the workers' reports. */
static void serve(l4id_t worker_tid, l4id_t stray_tid)
{
	int done = 0;
	unsigned interrupted = 0;	/* the address of the fault left unanswered */
	while (!done || refused == 0) {
		int err = l4_receive(L4_ANYTHREAD);
		CHECK(err == 0, "receive returned %d", err);
		unsigned tag = read_mr(L4_MR_TAG) & L4_IPC_TAG_MASK;
		l4id_t sender = read_mr(L4_MR_SENDER);
		int reply;
		CHECK(sender == worker_tid || sender == stray_tid, "a message from thread %u", sender);
		switch (tag) {
		case TAG_PFAULT:
			CHECK(read_mr(1) == sender, "MR1 names %u, not the faulting thread %u", read_mr(1), sender);
			if (sender == worker_tid && !interrupted) {
				struct task_ids ids = { .tid = worker_tid };
				interrupted = read_mr(4);
				CHECK(l4_thread_control(TC_SUSPEND, &ids) == 0, "SUSPEND of a worker waiting for its pager failed");
				CHECK(l4_thread_control(TC_RUN, &ids) == 0, "RUN after SUSPEND failed");
				continue;		/* no answer: it faults again */
			}
			if (sender == worker_tid && interrupted != 1) {
				CHECK(read_mr(4) == interrupted, "after SUSPEND and RUN the worker faulted at 0x%x, not again at 0x%x",
				      read_mr(4), interrupted);
				repeated++;
				interrupted = 1;
			}
			reply = serve_fault(sender, read_mr(2), read_mr(3), read_mr(4), read_mr(5));
			break;
		case TAG_UNDEF:
			CHECK(*(unsigned *)(read_mr(2) - 4) == UNDEFINED_INSN, "MR2 0x%x is not after the undefined instruction", read_mr(2));
			undefs++;
			reply = 0;
			break;
		case TAG_DONE: {
			unsigned sum = read_mr(L4_MR_ARG0), expected = 0;
			for (unsigned i = 0; i < DATA_WORDS; i++)
				expected += i * 3;
			CHECK(sum == expected, "the worker summed %u, not %u", sum, expected);
			CHECK(read_mr(L4_MR_ARG1) == 42, "the code written on demand returned %d", (int)read_mr(L4_MR_ARG1));
			done = 1;
			continue;			/* a report, not a call: no reply */
		}
		default:
			CHECK(0, "unexpected tag %u", tag);
			reply = -EINVAL;
		}
		write_mr(L4_MR_RETURN, (unsigned)reply);	/* l4_ipc_return */
		l4_ipc(sender, L4_NILTHREAD, L4_IPC_FLAGS_SHORT);
	}
}

int main(void)
{
	static struct capability caps[64];
	struct task_ids me;
	l4_getid(&me);
	pager = me.tid;
	if (l4_read_caps(caps, 64, &window) < 0 || !window.phys || !window.virt) {
		printf("guestpager: no MAP capabilities to read (run with --share memory --share capability-control)\n");
		return 1;
	}
	next_frame = window.phys;
	l4_prefault_image();

	l4id_t worker_tid = start(&me, 0, worker, window.virt + STACK_OFFSET);
	l4id_t stray_tid = start(&me, 1, stray, window.virt + STRAY_STACK_OFFSET);
	serve(worker_tid, stray_tid);
	/* Printed at the end: the two workers' faults interleave differently from run to run. */
	if (repeated)
		printf("guestpager: the fault left unanswered came again after SUSPEND and RUN\n");
	if (refused)
		printf("guestpager: %s fault at 0x%x from pc 0x%x is outside the window: refused\n",
		       refused_write ? "write" : "read", refused_address, refused_pc);
	printf("guestpager: %d faults served (%d of them prefetch aborts), %d undefined instruction, %d refused\n",
	       faults, prefetches, undefs, refused);
	CHECK(faults == 7 && prefetches == 1 && undefs == 1 && refused == 1 && repeated == 1,
	      "not the faults expected");

	struct task_ids ids = { .tid = stray_tid };
	CHECK(l4_thread_control(TC_DESTROY, &ids) == 0, "DESTROY of the stopped worker failed");
	ids.tid = worker_tid;
	CHECK(l4_thread_control(TC_DESTROY, &ids) == 0, "DESTROY of the worker failed");
	printf("GUEST PAGER TEST    -- %s --\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
