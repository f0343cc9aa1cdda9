/*
 * Threads a task makes in its own space (thread.c; spec §2.7, §2.8, §4.1).
 */
#ifndef CZEMU_THREAD_H
#define CZEMU_THREAD_H

#include "l4.h"

/* Faults every page of the program's image in, writable (text too). */
void l4_prefault_image(void);

/*
 * Creates a thread in the creator's space and thread group that starts at
 * entry with r0 = arg, SP = stack_top and the UTCB in slot utcb_slot of the
 * caller's UTCB page, and runs it.  0 and *tid, or the failing call's error.
 */
int l4_thread_start(const struct task_ids *creator, void (*entry)(void), unsigned arg, unsigned stack_top,
		    int utcb_slot, l4id_t *tid);

#endif
