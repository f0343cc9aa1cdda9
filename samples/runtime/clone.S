/*
 * int arch_clone(l4id_t to, l4id_t from, unsigned flags)
 *
 * The CLONE request's IPC (spec §3.3), made here rather than through
 * l4_ipc because two threads come back out of it (§3.5):
 *  - the parent, on its own stack: r0 is the IPC result and r3 (MR0) the
 *    pager's answer, the new thread's tid or -errno;
 *  - the new thread, with a copy of the parent's frame as it entered the
 *    kernel, except r3 (MR0) = 0, SP = child_stack and a UTCB of its own.
 *    r0 is still the pager id, so not negative.
 * The new thread must not touch the parent's stack (it shares the memory),
 * so its path uses nothing but SP = child_stack, where clone() left
 * arg at [sp, #-4] and fn at [sp, #-8].
 */
	.syntax unified
	.arm

#define KIP_UTCB_REF 0xFF000054	/* KIP word holding the current UTCB (§1.2) */

	.text
	.global	arch_clone
	.type	arch_clone, %function
arch_clone:
	push	{r4-r8, lr}
	ldr	r12, =KIP_UTCB_REF
	ldr	r12, [r12]
	ldm	r12, {r3-r8}		@ MR0..MR5 from the UTCB (§2.4)
	ldr	r12, =rt_kip_ipc
	mov	lr, pc
	ldr	pc, [r12]
	cmp	r0, #0
	blt	1f			@ the IPC failed: return its error
	cmp	r3, #0
	beq	2f			@ MR0 == 0: this is the new thread
	ldr	r12, =KIP_UTCB_REF	@ the parent: keep the reply in the UTCB
	ldr	r12, [r12]
	stm	r12, {r3-r8}
	mov	r0, r3			@ and return the pager's answer
1:	pop	{r4-r8, pc}

2:	ldr	r0, [sp, #-4]!		@ arg
	ldr	r1, [sp, #-4]!		@ fn
	mov	fp, #0			@ the outermost frame of this thread
	blx	r1			@ fn(arg)
	bl	_exit			@ fn's result becomes the exit status
3:	b	3b			@ _exit does not return
	.size	arch_clone, . - arch_clone

	.ltorg
