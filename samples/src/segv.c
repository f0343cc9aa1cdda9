/*
 * A store outside every mapping of the task (0x10000000 lies below the
 * task region, spec §1.1).  On Codezero the pager finds no VMA for the
 * fault and the task dies; czemu must stop it with a report.  The second
 * line must never appear.
 */
#include "rt.h"

#define UNMAPPED_ADDRESS 0x10000000u

int main(void)
{
	puts("segv: about to touch an unmapped address");
	*(volatile unsigned *)UNMAPPED_ADDRESS = 0xDEADBEEF;
	puts("segv: still alive?!");
	return 1;
}
