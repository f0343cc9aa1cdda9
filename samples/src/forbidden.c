/*
 * The forbidden steps (capabilities-2009.md §3-§5, issue #4): an ordinary
 * task tries everything the capability rules refuse it and checks each
 * error.  It asks its pager (tag 50) for an IPC capability, which comes
 * IMMUTABLE (generic bits cleared), and then tries to replicate, deduce,
 * split, destroy, share and grant it, and to widen it; it asks the pager
 * for a capability to a thread of another container (argv[1], hex) and for
 * one with generic bits (without an argument it names a thread that does
 * not exist); it maps, unmaps and invalidates the I-cache
 * without a MAP capability.
 *
 * A task holds no CAP capability, so without one every capability_control
 * it makes is refused at the gate with -ENOCAP (134).  A configuration that
 * shares capability-control (czemu run --share capability-control) gives
 * it one naming its container, and then each step reaches its own error.
 * The program notices which case it is in (NCAPS answers -134 or not) and
 * expects accordingly.
 */
#include "rt.h"
#include "caps.h"

#define ENOCAP	134

static unsigned parse_hex(const char *s)
{
	unsigned v = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ? (*s | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			break;
		v = v * 16 + d;
	}
	return v;
}

static int wrong;

static void check(const char *step, int expected, int got)
{
	printf("%s: expected %d, got %d%s\n", step, expected, got, got == expected ? "" : "  <-- WRONG");
	if (got != expected)
		wrong++;
}

/* Tag 50: the pager makes the cap out of one of its own and grants it IMMUTABLE. */
static int ask_pager(l4id_t self, l4id_t peer, unsigned access)
{
	struct capability cap;
	memset(&cap, 0, sizeof cap);
	cap.owner = self;
	cap.resid = peer;
	cap.type = CAP_TYPE_IPC | CAP_RTYPE_THREAD;
	cap.access = access;
	return l4_request_capability(&cap);
}

static struct capability caps[64];

int main(int argc, char **argv)
{
	l4id_t self = getpid();
	l4id_t other = argc > 1 ? parse_hex(argv[1]) : 0x7F000001u;
	int ncaps = 0;

	int gate = l4_capability_control(CAP_CONTROL_NCAPS, 0, &ncaps) == -ENOCAP;
	printf("forbidden: %s\n", gate ? "no CAP capability: every capability_control is refused at the gate"
				       : "a CAP capability is shared with this task");
	/* With the gate closed each capability_control step expects -ENOCAP. */
#define CAPCTL(err) (gate ? -ENOCAP : (err))

	/* Step 0, allowed: an IPC capability to ourselves, granted IMMUTABLE. */
	check("ask the pager for an IPC capability (granted immutable)", 0,
	      ask_pager(self, self, CAP_IPC_SEND | CAP_IPC_SHORT));
	struct capability mine;
	memset(&mine, 0, sizeof mine);
	if (!gate) {
		int n = ncaps + 1 <= 64 ? ncaps + 1 : 64;
		check("read the capabilities", 0, l4_capability_control(CAP_CONTROL_READ, 0, caps));
		for (int i = 0; i < n; i++)
			if (caps[i].type == (CAP_TYPE_IPC | CAP_RTYPE_THREAD) && caps[i].resid == self && caps[i].owner == self)
				mine = caps[i];
		printf("forbidden: the granted capability has access 0x%x (no generic bits)\n", mine.access);
	}

	struct capability buf = mine;
	check("replicate the immutable capability", CAPCTL(-ENOCAP),
	      l4_capability_control(CAP_CONTROL_REPLICATE, 0, &buf));
	buf = mine;
	buf.access = CAP_IPC_SEND;
	check("deduce the immutable capability", CAPCTL(-ENOCAP),
	      l4_capability_control(CAP_CONTROL_DEDUCE, 0, &buf));
	buf = mine;
	buf.access = CAP_IPC_SEND | CAP_IPC_RECV | CAP_IPC_SHORT | CAP_IPC_FULL | CAP_IPC_EXTENDED;
	check("deduce the immutable capability to a superset", CAPCTL(-ENOCAP),
	      l4_capability_control(CAP_CONTROL_DEDUCE, 0, &buf));
	buf = mine;
	check("split the immutable capability", CAPCTL(-ENOCAP),
	      l4_capability_control(CAP_CONTROL_SPLIT, 0, &buf));
	buf = mine;
	check("destroy the immutable capability", CAPCTL(-ENOCAP),
	      l4_capability_control(CAP_CONTROL_DESTROY, 0, &buf));
	buf = mine;
	check("share the immutable capability", CAPCTL(-EPERM),
	      l4_capability_control(CAP_CONTROL_SHARE, CAP_SHARE_SINGLE, &buf));
	buf = mine;
	buf.owner = rt_pagerid;
	check("grant the immutable capability to the pager", CAPCTL(-EPERM),
	      l4_capability_control(CAP_CONTROL_GRANT, CAP_GRANT_SINGLE, &buf));

	/* The pager's own container-wide IPC cap, shared with the container: visible, not ours. */
	struct capability pagers;
	memset(&pagers, 0, sizeof pagers);
	if (!gate) {
		for (int i = 0; i < ncaps && i < 64; i++)
			if ((caps[i].type & 0xFFFFu) == CAP_TYPE_IPC && caps[i].owner == rt_pagerid)
				pagers = caps[i];
	}
	buf = pagers;
	buf.access |= CAP_REPLICABLE;
	check("deduce the pager's shared IPC capability to a superset", CAPCTL(-ENOCAP),
	      l4_capability_control(CAP_CONTROL_DEDUCE, 0, &buf));

	/*
	 * The pager's IPC caps name only its own container, so a thread of
	 * another one (argv[1]) is out of reach: -ENOCAP.  Without an argument
	 * the thread named does not exist: -ESRCH.
	 */
	check(argc > 1 ? "ask the pager for a capability to a thread of another container"
		       : "ask the pager for a capability to a thread that does not exist",
	      argc > 1 ? -ENOCAP : -ESRCH, ask_pager(self, other, CAP_IPC_SEND | CAP_IPC_SHORT));
	check("ask the pager for a replicable capability", -EPERM,
	      ask_pager(self, self, CAP_IPC_SEND | CAP_IPC_SHORT | CAP_REPLICABLE));

	/* No MAP_PHYSMEM / MAP_VIRTMEM capability at all. */
	check("map a page without a MAP capability", -ENOCAP, l4_map(0x100000, 0x90000000, 1, MAP_USR_RW, self));
	check("unmap a page without a MAP capability", -ENOCAP, l4_unmap(0x40000000, 1, self));
	check("invalidate the I-cache without a MAP capability", -ENOCAP,
	      l4_cache_control(0x40000000, 0x40001000, L4_INVALIDATE_ICACHE));

	printf("FORBIDDEN STEPS TEST -- %s --\n", wrong ? "FAILED" : "PASSED");
	return wrong ? 1 : 0;
}
