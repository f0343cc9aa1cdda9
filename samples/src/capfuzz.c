/*
 * Random capability operations and IPCs from several tasks, checked
 * against what their own capabilities say (capabilities-2009.md §3-§6,
 * issue #4): authority must never exceed the caps a task holds.
 *
 *   capfuzz SEED [STEPS]
 *
 * Run with --capabilities strict --share thread-control
 * --share capability-control.  The first task forks two more; each task
 * starts a receiver thread that receives from anyone for ever, so a send
 * to it that the kernel allows always completes.  Then each task takes
 * STEPS random steps (default 150), with a generator seeded from SEED and
 * its index:
 *   - an IPC (short or full) to a receiver of any task, to the pager (a
 *     send-receive it answers at once), or to a thread that does not exist;
 *   - a request to the pager for an IPC cap (tag 50) to a random thread,
 *     space or the container, with random access bits;
 *   - REPLICATE, DEDUCE, SPLIT, DESTROY, SHARE (any flag) or GRANT
 *     (single, sometimes immutable, to another task) of a random cap it
 *     can see.  An ordinary task owns only the caps the pager granted it,
 *     IMMUTABLE, so none of these may change anything: the whole-list
 *     SHAREs succeed but move nothing, every other request is refused, and
 *     its caps must read the same after each.
 * Around every IPC it reads all its caps (READ).  When both reads agree,
 * the IPC must succeed exactly when one of those caps is an IPC cap with
 * SEND and the transfer type that names the target by thread, space or
 * container; a send to a thread that does not exist must be -ESRCH.
 * Anything else is a mismatch.  The tasks write their counts into a
 * shared page, and the first prints them at the end:
 *   capfuzz: task N: ipc allowed A, refused R, unjudged U, mismatches M; caps changed by control C
 *   capfuzz: task N: ops <name> <tried>/<succeeded> ...
 * and the last line, CAPFUZZ TEST -- PASSED -- or -- FAILED --.
 */
#include "rt.h"
#include "caps.h"
#include "thread.h"

#define TASKS			3
#define MAX_CAPS		64
#define TAG_PING		60
#define NO_SUCH_THREAD		0x00ABCDEFu
#define RECEIVER_UTCB_SLOT	9
#define ENOCAP			134

#define CAP_RTYPE_SPACE		0x20000u
#define CAP_RTYPE_CONTAINER	0x40000u
#define CAP_RTYPE_MASK		0xFFFF0000u
#define CAP_TYPE_MASK		0x0000FFFFu
#define CAP_SPLIT_ACCESS	2
#define CAP_GRANT_IMMUTABLE	4
#define IPC_ACCESS_BITS		(CAP_IPC_SEND | CAP_IPC_RECV | CAP_IPC_SHORT | CAP_IPC_FULL | CAP_IPC_EXTENDED)

enum op { OP_IPC, OP_REQUEST, OP_REPLICATE, OP_DEDUCE, OP_SPLIT, OP_DESTROY, OP_SHARE, OP_GRANT, OPS };
static const char *const op_names[OPS] = {
	"ipc", "request", "replicate", "deduce", "split", "destroy", "share", "grant"
};

/* One task's entry in the page the tasks share (MAP_SHARED before the forks). */
struct task_slot {
	l4id_t tid, spid, receiver;
	volatile int ready, done;
	int tried[OPS], succeeded[OPS];
	int allowed, refused, unjudged, mismatches;
	int changed;			/* control requests after which its caps differed */
	l4id_t mismatch_target;		/* the first mismatch */
	int mismatch_result, mismatch_expected;
};

static struct task_slot *slots;
static unsigned receiver_stack[256] __attribute__((aligned(8)));
static struct capability before[MAX_CAPS], after[MAX_CAPS];
static unsigned rng;
/* The pager's space: under strict the one space an IPC cap names at boot. */
static l4id_t pager_spid;

static unsigned next_random(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static unsigned pick(unsigned n)
{
	return next_random() % n;
}

static void receiver(void)
{
	for (;;)
		l4_receive(L4_ANYTHREAD);
}

/* All the caps the task can use, or -1 (and the error counted as a mismatch by the caller). */
static int read_caps(struct capability *caps)
{
	int n = 0;
	if (l4_capability_control(CAP_CONTROL_NCAPS, 0, &n) < 0 || n > MAX_CAPS)
		return -1;
	if (l4_capability_control(CAP_CONTROL_READ, 0, caps) < 0)
		return -1;
	return n;
}

/* Does a cap name this thread (THREAD by tid, SPACE by spid, CONTAINER by cid)? */
static int names(const struct capability *cap, l4id_t tid, l4id_t spid)
{
	switch (cap->type & CAP_RTYPE_MASK) {
	case CAP_RTYPE_THREAD:
		return cap->resid == tid;
	case CAP_RTYPE_SPACE:
		return spid != 0 && cap->resid == spid;
	case CAP_RTYPE_CONTAINER:
		return cap->resid == l4_cid(tid);
	default:
		return 0;
	}
}

/* The oracle: the kernel must allow the send exactly when this is true. */
static int caps_allow(const struct capability *caps, int n, l4id_t tid, l4id_t spid, unsigned transfer)
{
	for (int i = 0; i < n; i++) {
		if ((caps[i].type & CAP_TYPE_MASK) == CAP_TYPE_IPC &&
		    (caps[i].access & (CAP_IPC_SEND | transfer)) == (CAP_IPC_SEND | transfer) &&
		    names(&caps[i], tid, spid))
			return 1;
	}
	return 0;
}

static void mismatch(struct task_slot *me, l4id_t target, int result, int expected)
{
	if (me->mismatches++ == 0) {
		me->mismatch_target = target;
		me->mismatch_result = result;
		me->mismatch_expected = expected;
	}
}

static int try_ipc(struct task_slot *me)
{
	unsigned which = pick(TASKS + 2);
	l4id_t target, spid = 0;
	if (which < TASKS) {
		target = slots[which].receiver;
		spid = slots[which].spid;
	} else if (which == TASKS) {
		target = rt_pagerid;
		spid = pager_spid;
	} else {
		target = NO_SUCH_THREAD;
	}
	int full = pick(2);
	unsigned transfer = full ? CAP_IPC_FULL : CAP_IPC_SHORT;
	int n1 = read_caps(before);
	int result;
	if (target == rt_pagerid) {
		/* A request the pager answers at once and that changes nothing: close of an fd past its table. */
		l4_set_tag(L4_IPC_TAG_CLOSE);
		write_mr(L4_MR_ARG0, 1000);
		result = l4_ipc(target, target, full ? L4_IPC_FLAGS_FULL : L4_IPC_FLAGS_SHORT);
	} else {
		l4_set_tag(TAG_PING);
		result = l4_ipc(target, L4_NILTHREAD, full ? L4_IPC_FLAGS_FULL : L4_IPC_FLAGS_SHORT);
	}
	int n2 = read_caps(after);
	if (n1 < 0 || n2 < 0) {
		mismatch(me, target, result, -1);
		return 0;
	}
	if (target == NO_SUCH_THREAD) {
		if (result != -ESRCH)
			mismatch(me, target, result, -ESRCH);
		return 0;
	}
	if (n1 != n2 || memcmp(before, after, n1 * sizeof before[0]) != 0) {
		me->unjudged++;	/* another task changed what this one holds meanwhile */
		return result == 0;
	}
	int expected = caps_allow(before, n1, target, spid, transfer) ? 0 : -ENOCAP;
	if (expected == 0 && result == 0)
		me->allowed++;
	else if (expected == -ENOCAP && result == -ENOCAP)
		me->refused++;
	else
		mismatch(me, target, result, expected);
	return result == 0;
}

/* Tag 50: an IPC cap to a random thread, space or the container, with random access bits. */
static int request(int self)
{
	struct capability cap;
	memset(&cap, 0, sizeof cap);
	struct task_slot *other = &slots[pick(TASKS)];
	cap.owner = slots[self].tid;
	switch (pick(3)) {
	case 0:
		cap.type = CAP_TYPE_IPC | CAP_RTYPE_THREAD;
		cap.resid = pick(2) ? other->receiver : other->tid;
		break;
	case 1:
		cap.type = CAP_TYPE_IPC | CAP_RTYPE_SPACE;
		cap.resid = other->spid;
		break;
	default:
		cap.type = CAP_TYPE_IPC | CAP_RTYPE_CONTAINER;
		cap.resid = l4_cid(other->tid);
	}
	cap.access = next_random() & IPC_ACCESS_BITS;
	return l4_request_capability(&cap) == 0;
}

/* One capability_control request on a random cap the task can see. */
static int control(enum op op, int self)
{
	int n = read_caps(before);
	if (n <= 0)
		return 0;
	struct capability cap = before[pick(n)];
	unsigned flags = 0, request;
	switch (op) {
	case OP_REPLICATE:
		request = CAP_CONTROL_REPLICATE;
		break;
	case OP_DEDUCE:
		request = CAP_CONTROL_DEDUCE;
		cap.access &= next_random() | 0xF0000000u;
		break;
	case OP_SPLIT:
		request = CAP_CONTROL_SPLIT;
		flags = CAP_SPLIT_ACCESS;
		cap.access &= next_random();
		break;
	case OP_DESTROY:
		request = CAP_CONTROL_DESTROY;
		break;
	case OP_SHARE: {
		static const unsigned share_flags[] = { 1, 2, 3, 4, 8, 0x10 };
		request = CAP_CONTROL_SHARE;
		flags = share_flags[pick(6)];
		break;
	}
	default:
		request = CAP_CONTROL_GRANT;
		flags = CAP_GRANT_SINGLE | (pick(2) ? CAP_GRANT_IMMUTABLE : 0);
		cap.owner = slots[(self + 1 + pick(TASKS - 1)) % TASKS].tid;
	}
	int ok = l4_capability_control(request, flags, &cap) == 0;
	/* It owns nothing it may change or pass on, and nobody else can touch its lists: nothing may change. */
	int m = read_caps(after);
	if (m != n || memcmp(before, after, n * sizeof before[0]) != 0)
		slots[self].changed++;
	return ok;
}

static void run_steps(int self, int steps)
{
	struct task_slot *me = &slots[self];
	for (int step = 0; step < steps; step++) {
		unsigned roll = pick(100);
		enum op op = roll < 35 ? OP_IPC : roll < 50 ? OP_REQUEST : roll < 58 ? OP_REPLICATE
			   : roll < 68 ? OP_DEDUCE : roll < 74 ? OP_SPLIT : roll < 81 ? OP_DESTROY
			   : roll < 90 ? OP_SHARE : OP_GRANT;
		int ok;
		if (op == OP_IPC)
			ok = try_ipc(me);
		else if (op == OP_REQUEST)
			ok = request(self);
		else
			ok = control(op, self);
		me->tried[op]++;
		me->succeeded[op] += ok;
	}
}

/* Every task waits here until all have set the flag, so no target disappears while others still send. */
static void barrier(volatile int *(*flag)(int))
{
	for (int i = 0; i < TASKS; i++)
		while (!*flag(i))
			l4_thread_switch(0);
}

static volatile int *ready_flag(int i) { return &slots[i].ready; }
static volatile int *done_flag(int i) { return &slots[i].done; }

static void task(int self, unsigned seed, int steps)
{
	struct task_ids me;
	l4_getid(&me);
	slots[self].tid = me.tid;
	slots[self].spid = me.spid;
	rng = seed * 2654435761u + self * 40503u + 1;
	l4_prefault_image();	/* the receiver's pager is this thread, which serves no faults */
	l4id_t tid = 0;
	int err = l4_thread_start(&me, receiver, 0, (unsigned)&receiver_stack[256], RECEIVER_UTCB_SLOT, &tid);
	if (err < 0) {
		printf("capfuzz: task %d cannot start its receiver: %d (run with --share thread-control)\n", self, err);
		_exit(2);
	}
	slots[self].receiver = tid;
	slots[self].ready = 1;
	barrier(ready_flag);
	run_steps(self, steps);
	slots[self].done = 1;
	barrier(done_flag);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		printf("usage: capfuzz SEED [STEPS]\n");
		return 2;
	}
	unsigned seed = (unsigned)atoi(argv[1]);
	int steps = argc > 2 ? atoi(argv[2]) : 150;
	int n = 0;
	if (l4_capability_control(CAP_CONTROL_NCAPS, 0, &n) < 0) {
		printf("capfuzz: capability_control is refused (run with --share capability-control)\n");
		return 2;
	}
	/* Under strict, the only IPC cap a task holds at boot names its pager's space (spec/README.md). */
	int boot = read_caps(before);
	for (int i = 0; i < boot; i++)
		if ((before[i].type & CAP_TYPE_MASK) == CAP_TYPE_IPC && (before[i].type & CAP_RTYPE_MASK) == CAP_RTYPE_SPACE)
			pager_spid = before[i].resid;
	slots = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED) {
		printf("capfuzz: no shared page\n");
		return 2;
	}
	memset(slots, 0, 4096);
	int self = 0;
	for (int i = 1; i < TASKS && self == 0; i++) {
		pid_t child = fork();
		if (child == 0)
			self = i;
	}
	task(self, seed, steps);
	if (self != 0)
		_exit(0);

	int mismatches = 0, judged = 0;
	for (int i = 0; i < TASKS; i++) {
		struct task_slot *s = &slots[i];
		printf("capfuzz: task %d: ipc allowed %d, refused %d, unjudged %d, mismatches %d; caps changed by control %d\n",
		       i, s->allowed, s->refused, s->unjudged, s->mismatches, s->changed);
		printf("capfuzz: task %d: ops", i);
		for (int op = 0; op < OPS; op++)
			printf(" %s %d/%d", op_names[op], s->tried[op], s->succeeded[op]);
		printf("\n");
		if (s->mismatches)
			printf("capfuzz: task %d: first mismatch: ipc to 0x%x returned %d, its caps said %d\n", i,
			       s->mismatch_target, s->mismatch_result, s->mismatch_expected);
		mismatches += s->mismatches + s->changed;
		judged += s->allowed + s->refused;
	}
	int passed = mismatches == 0 && judged > 0;
	printf("CAPFUZZ TEST -- %s --\n", passed ? "PASSED" : "FAILED");
	return passed ? 0 : 1;
}
