/*
 * Undefined instructions (spec §4.2).  The kernel reports one to the
 * pager, the pager ignores it, and the thread continues with the next
 * instruction, its registers as they were.
 *
 * undef_arm executes 0xF1F0FEED in ARM state, the word Codezero's own
 * undeftest uses (cond = 0xF: undefined on ARMv5).  undef_thumb executes
 * 0xDEED in Thumb state, "udf #0xed", a permanently undefined encoding.
 * Each sets r0 to 40 before the undefined instruction and adds 1 and then
 * 2 after it, so it returns 43 only if execution went on with the very
 * next instruction (4 bytes on in ARM state, 2 in Thumb state) and r0
 * survived.  Resuming one instruction too far gives 42, a clobbered r0
 * something else, and resuming at the undefined instruction never returns.
 */
#include "rt.h"

#define START	40
#define EXPECTED (START + 1 + 2)

#define STR(x)	#x
#define XSTR(x)	STR(x)

/* GCC hands inline assembly over in divided syntax; ours is unified. */
__attribute__((naked, noinline)) static int undef_arm(void)
{
	__asm__ volatile(
		".syntax unified\n\t"
		"mov	r0, #" XSTR(START) "\n\t"
		".word	0xF1F0FEED\n\t"
		"add	r0, r0, #1\n\t"
		"add	r0, r0, #2\n\t"
		"bx	lr\n\t");
}

/*
 * Thumb code: main (ARM) reaches it through the linker's interworking
 * veneer (ldr ip; bx ip), and bx lr returns to ARM state.
 */
__attribute__((naked, noinline, target("thumb"))) static int undef_thumb(void)
{
	__asm__ volatile(
		".syntax unified\n\t"
		"movs	r0, #" XSTR(START) "\n\t"
		".inst.n 0xDEED\n\t"
		"adds	r0, r0, #1\n\t"
		"adds	r0, r0, #2\n\t"
		"bx	lr\n\t");
}

static int report(const char *test, const char *state, int got)
{
	int ok = got == EXPECTED;

	printf("undef: %s state: r0 = %d after it (expected %d)\n", state, got, EXPECTED);
	printf("%-20s-- %s --\n", test, ok ? "PASSED" : "FAILED");
	return ok ? 0 : 1;
}

int main(void)
{
	int failed = 0;

	puts("undef: executing the undefined word 0xF1F0FEED in ARM state");
	failed += report("UNDEF TEST", "ARM", undef_arm());
	puts("undef: executing the undefined instruction 0xDEED in Thumb state");
	failed += report("UNDEF THUMB TEST", "Thumb", undef_thumb());
	return failed ? 1 : 0;
}
