/*
 * Capabilities and the memory calls a pager makes (capabilities-2009.md,
 * numbers from spec/README.md; map, unmap and cache_control: spec §2.9).
 */
#ifndef CZEMU_CAPS_H
#define CZEMU_CAPS_H

#include "l4.h"

struct capability {		/* 44 bytes (spec/README.md) */
	unsigned link_next, link_prev;
	unsigned capid, owner, resid, type, access, start, end, size, used;
};

/* Capability types (low 16 bits) and resource types (high 16 bits). */
#define CAP_TYPE_MAP_PHYSMEM	0x04u
#define CAP_TYPE_MAP_VIRTMEM	0x08u
#define CAP_TYPE_IPC		0x10u
#define CAP_RTYPE_THREAD	0x10000u

#define CAP_IPC_SEND		0x01u
#define CAP_IPC_RECV		0x02u
#define CAP_IPC_SHORT		0x04u
#define CAP_IPC_FULL		0x08u
#define CAP_IPC_EXTENDED	0x10u
#define CAP_REPLICABLE		0x40000000u

/* capability_control requests and flags */
#define CAP_CONTROL_NCAPS	0
#define CAP_CONTROL_READ	1
#define CAP_CONTROL_SHARE	2
#define CAP_CONTROL_GRANT	3
#define CAP_CONTROL_REPLICATE	4
#define CAP_CONTROL_SPLIT	5
#define CAP_CONTROL_DEDUCE	6
#define CAP_CONTROL_DESTROY	7
#define CAP_SHARE_SINGLE	1
#define CAP_GRANT_SINGLE	1

/* map flags and cache operations (Codezero's space.h and cache.h) */
#define MAP_USR_RW		1
#define MAP_USR_RO		2
#define MAP_KERN_RW		3	/* not a user mapping: -EINVAL */
#define MAP_USR_RWX		6
#define L4_INVALIDATE_ICACHE	0x10
#define L4_CLEAN_DCACHE		0x30

/* map takes five arguments: the fifth travels in r4 (spec §2.9). */
int l4_map(unsigned phys, unsigned virt, unsigned npages, unsigned flags, l4id_t tid);
int l4_unmap(unsigned virt, unsigned npages, l4id_t tid);
int l4_cache_control(unsigned start, unsigned end, unsigned op);

/* The page ranges [start, end) of the first MAP_PHYSMEM and MAP_VIRTMEM caps. */
struct map_window {
	unsigned phys, phys_end, virt, virt_end;
};

/* The request protocol (capabilities-2009.md §5): MR2 = the client's struct capability. */
#define L4_IPC_TAG_REQUEST_CAPABILITY	50

/*
 * Asks the pager for a capability like *cap (owner, resid, type, access
 * filled in); the pager grants it IMMUTABLE.  0, or the ipc's or the
 * pager's error.
 */
int l4_request_capability(struct capability *cap);

/*
 * Reads the caller's capabilities into caps (room for max) and finds its
 * MAP caps; returns the number of caps, or a negative error when they
 * cannot be read (no CAP capability: -ENOCAP) or there are more than max.
 */
int l4_read_caps(struct capability *caps, int max, struct map_window *window);

#endif
