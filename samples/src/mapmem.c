/*
 * map, unmap and cache_control with capabilities (spec §1.3, §2.9,
 * capabilities-2009.md §4): run with --share memory --share
 * capability-control.  The memory share gives the task a MAP_PHYSMEM cap
 * over frames set aside for its container and a MAP_VIRTMEM cap over a
 * window at 0x90000000; the task reads both (capability_control READ), maps
 * a frame, unmaps it and maps it again elsewhere, is refused outside either
 * range, and writes code into an RWX page, invalidates the I-cache over it
 * and runs it, twice, as a JIT does.
 */
#include "rt.h"
#include "caps.h"

#define ENOCAP	134

static int wrong;

static void check(const char *step, int expected, int got)
{
	printf("%s: expected %d, got %d%s\n", step, expected, got, got == expected ? "" : "  <-- WRONG");
	if (got != expected)
		wrong++;
}

static struct capability caps[64];

int main(void)
{
	l4id_t self = getpid();
	struct map_window window;
	if (l4_read_caps(caps, 64, &window) < 0) {
		printf("mapmem: cannot read the capabilities (run with --share capability-control)\n");
		return 1;
	}
	unsigned phys = window.phys, phys_end = window.phys_end, virt = window.virt, virt_end = window.virt_end;
	if (!phys || !virt) {
		printf("mapmem: no MAP capabilities (run with --share memory)\n");
		return 1;
	}
	printf("mapmem: %u pages of physical memory, a window at 0x%x..0x%x\n", (phys_end - phys) >> 12, virt, virt_end);

	volatile unsigned *page = (volatile unsigned *)virt;
	check("map a frame read-write", 0, l4_map(phys, virt, 1, MAP_USR_RW, self));
	page[0] = 0x12345678;
	check("unmap it", 0, l4_unmap(virt, 1, self));
	check("unmap it again (nothing mapped there)", -1, l4_unmap(virt, 1, self));
	check("map the same frame read-only one page on", 0, l4_map(phys, virt + 0x1000, 1, MAP_USR_RO, self));
	check("what was written there is still there", 0x12345678, (int)((volatile unsigned *)(virt + 0x1000))[0]);

	check("map outside the virtual window", -ENOCAP, l4_map(phys, 0x40000000, 1, MAP_USR_RW, self));
	check("map past the end of the physical region", -ENOCAP, l4_map(phys_end - 0x1000, virt, 2, MAP_USR_RW, self));
	check("map with a kernel mapping's flags", -EINVAL, l4_map(phys, virt, 1, MAP_KERN_RW, self));
	check("map zero pages", -EINVAL, l4_map(phys, virt, 0, MAP_USR_RW, self));
	check("map for a thread that does not exist", -ESRCH, l4_map(phys, virt, 1, MAP_USR_RW, 0x7F000001u));

	/* A JIT: write code into an RWX page, invalidate the I-cache over it, run it. */
	unsigned code = virt + 0x2000;
	volatile unsigned *insn = (volatile unsigned *)code;
	int (*fn)(void) = (int (*)(void))code;
	check("map a frame read-write-execute", 0, l4_map(phys + 0x1000, code, 1, MAP_USR_RWX, self));
	insn[0] = 0xE3A0002Au;	/* mov r0, #42 */
	insn[1] = 0xE12FFF1Eu;	/* bx lr */
	check("clean the D-cache over it", 0, l4_cache_control(code, code + 8, L4_CLEAN_DCACHE));
	check("invalidate the I-cache over it", 0, l4_cache_control(code, code + 8, L4_INVALIDATE_ICACHE));
	check("run the code written", 42, fn());
	insn[0] = 0xE3A0002Bu;	/* mov r0, #43 */
	check("invalidate the I-cache again", 0, l4_cache_control(code, code + 8, L4_INVALIDATE_ICACHE));
	check("run the code rewritten", 43, fn());
	check("an unknown cache operation", -EINVAL, l4_cache_control(code, code + 8, 0x60));
	check("invalidate the I-cache outside the window", -ENOCAP, l4_cache_control(0x40000000, 0x40001000, L4_INVALIDATE_ICACHE));

	printf("MAP TEST -- %s --\n", wrong ? "FAILED" : "PASSED");
	return wrong ? 1 : 0;
}
