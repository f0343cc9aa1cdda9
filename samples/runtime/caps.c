/*
 * Capabilities and the memory calls a pager makes.  map, unmap and
 * cache_control are called through the KIP like every kernel call (spec
 * §1.3); they are C rather than syscalls.S stubs because map needs a fifth
 * argument in r4, which the stub convention there (r0..r2 passed through)
 * does not carry.
 */
#include "rt.h"
#include "caps.h"

static int kip_call(unsigned entry, unsigned a0, unsigned a1, unsigned a2, unsigned a3, unsigned a4)
{
	register unsigned r0 asm("r0") = a0;
	register unsigned r1 asm("r1") = a1;
	register unsigned r2 asm("r2") = a2;
	register unsigned r3 asm("r3") = a3;
	register unsigned r4 asm("r4") = a4;
	register unsigned r12 asm("r12") = entry;
	asm volatile("mov lr, pc\n\tmov pc, r12"
		     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r12)
		     : : "lr", "memory", "cc");
	return (int)r0;
}

static const volatile struct kip *const kip = (const volatile struct kip *)L4_KIP_ADDRESS;

int l4_map(unsigned phys, unsigned virt, unsigned npages, unsigned flags, l4id_t tid)
{
	return kip_call(kip->map, phys, virt, npages, flags, tid);
}

int l4_unmap(unsigned virt, unsigned npages, l4id_t tid)
{
	return kip_call(kip->unmap, virt, npages, tid, 0, 0);
}

int l4_cache_control(unsigned start, unsigned end, unsigned op)
{
	return kip_call(kip->cache_control, start, end, op, 0, 0);
}

int l4_read_caps(struct capability *caps, int max, struct map_window *window)
{
	int ncaps = 0;
	int err = l4_capability_control(CAP_CONTROL_NCAPS, 0, &ncaps);
	if (err < 0)
		return err;
	if (ncaps > max)
		return -ENOMEM;
	err = l4_capability_control(CAP_CONTROL_READ, 0, caps);
	if (err < 0)
		return err;
	window->phys = window->phys_end = window->virt = window->virt_end = 0;
	for (int i = 0; i < ncaps; i++) {
		unsigned type = caps[i].type & 0xFFFFu;
		if (type == CAP_TYPE_MAP_PHYSMEM && !window->phys) {
			window->phys = caps[i].start << 12;
			window->phys_end = caps[i].end << 12;
		} else if (type == CAP_TYPE_MAP_VIRTMEM && !window->virt) {
			window->virt = caps[i].start << 12;
			window->virt_end = caps[i].end << 12;
		}
	}
	return ncaps;
}

int l4_request_capability(struct capability *cap)
{
	write_mr(L4_MR_ARG0, (unsigned)cap);
	int err = l4_sendrecv(rt_pagerid, rt_pagerid, L4_IPC_TAG_REQUEST_CAPABILITY);
	return err < 0 ? err : l4_get_retval();
}
