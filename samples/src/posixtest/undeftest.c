/*
 * undeftest (spec §4.2): the word 0xF1F0FEED is undefined on ARMv5.  The
 * kernel reports it to the pager, which ignores it, and the thread goes on
 * with the next instruction.  Reaching the line below is the test.
 */
#include "posixtest.h"

int undeftest(void)
{
	__asm__ volatile(".word 0xF1F0FEED" ::: "memory");

	if (is_parent_of_all())
		PASSED_LINE("UNDEF TEST");
	return 0;
}
