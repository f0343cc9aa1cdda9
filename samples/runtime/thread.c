/*
 * Threads a task makes in its own space with the kernel's calls (spec §2.7,
 * §2.8), as a thread library does: thread_control CREATE, then
 * exchange_registers for stack, entry, argument and UTCB, then RUN.
 *
 * The creator is the pager of the threads it makes (spec §4.1), so their
 * page faults come to it by IPC.  A creator that serves none faults its
 * whole image in first (l4_prefault_image), so they never fault there.
 */
#include "rt.h"
#include "thread.h"

extern char _end[];

/* Our image starts here (runtime/link.ld, spec §1.5). */
#define IMAGE_START 0x40000000u

/*
 * mm0 maps the text segment writable too (private, copied on the first
 * write), so a word written back unchanged makes every page of the image
 * present and writable, text included.
 */
void l4_prefault_image(void)
{
	for (unsigned page = IMAGE_START; page < (unsigned)_end; page += 0x1000) {
		volatile unsigned *word = (volatile unsigned *)page;
		*word = *word;
	}
}

int l4_thread_start(const struct task_ids *creator, void (*entry)(void), unsigned arg, unsigned stack_top,
		    int utcb_slot, l4id_t *tid)
{
	struct task_ids ids = { .tid = creator->tid, .spid = creator->spid };
	int err = l4_thread_control(TC_CREATE | TC_SHARE_SPACE | TC_SHARE_GROUP, &ids);
	if (err < 0)
		return err;
	struct exregs_data regs;
	memset(&regs, 0, sizeof regs);
	regs.context[0] = arg;
	regs.context[13] = stack_top;
	regs.context[15] = (unsigned)entry;
	regs.valid_vect = EXREGS_VALID(0) | EXREGS_VALID(13) | EXREGS_VALID(15);
	regs.flags = EXREGS_SET_UTCB;
	regs.utcb_address = (unsigned)l4_utcb() + 0x100 * utcb_slot;
	err = l4_exchange_registers(&regs, ids.tid);
	if (err == 0)
		err = l4_thread_control(TC_RUN, &ids);
	if (err < 0) {
		l4_thread_control(TC_DESTROY, &ids);
		return err;
	}
	*tid = ids.tid;
	return 0;
}
