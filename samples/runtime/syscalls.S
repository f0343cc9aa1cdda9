/*
 * Kernel call stubs.  A Codezero program never executes swi itself: it
 * jumps to the entry address that the KIP publishes for each call, inside
 * the syscall page at 0xFFFFF000, with "mov lr, pc ; ldr pc, [r12]".  The
 * kernel dispatches on the address of the swi it finds there and returns
 * to LR with its result in r0 (spec §1.3).  __rt_start copies the entry
 * addresses from the KIP into the words below before main runs (§1.2).
 */
	.syntax unified
	.arm

	.data
	.align	2
	.global	rt_kip_ipc, rt_kip_getid, rt_kip_thread_switch, rt_kip_time
	.global	rt_kip_mutex_control, rt_kip_exchange_registers
	.global	rt_kip_thread_control, rt_kip_capability_control
	.global	rt_kip_ipc_control, rt_kip_container_control
rt_kip_ipc:			.word	0
rt_kip_getid:			.word	0
rt_kip_thread_switch:		.word	0
rt_kip_time:			.word	0
rt_kip_mutex_control:		.word	0
rt_kip_exchange_registers:	.word	0
rt_kip_thread_control:		.word	0
rt_kip_capability_control:	.word	0
rt_kip_ipc_control:		.word	0
rt_kip_container_control:	.word	0

#define KIP_UTCB_REF 0xFF000054	/* KIP word holding the current UTCB (§1.2) */

	.text

/*
 * int l4_ipc(l4id_t to, l4id_t from, unsigned flags)
 * r0..r2 are passed through as they are.  MR0..MR5 travel in r3..r8 (§2.4),
 * so they are loaded from the UTCB before the call and stored back after
 * it.  The UTCB address is fetched again after the call: a fork child
 * resumes right here with its own, new UTCB (§3.5).  r4..r8 belong to our
 * caller (AAPCS), so they are preserved around the call.
 */
	.global	l4_ipc
	.type	l4_ipc, %function
l4_ipc:
	push	{r4-r8, lr}
	ldr	r12, =KIP_UTCB_REF
	ldr	r12, [r12]
	ldm	r12, {r3-r8}
	ldr	r12, =rt_kip_ipc
	mov	lr, pc
	ldr	pc, [r12]
	ldr	r12, =KIP_UTCB_REF
	ldr	r12, [r12]
	stm	r12, {r3-r8}
	pop	{r4-r8, pc}
	.size	l4_ipc, . - l4_ipc

/*
 * The other calls take their arguments in r0..r2 and need nothing but the
 * jump; LR is saved because "mov lr, pc" overwrites it.
 */
	.macro	L4_CALL name, entry
	.global	\name
	.type	\name, %function
\name:
	push	{lr}
	ldr	r12, =\entry
	mov	lr, pc
	ldr	pc, [r12]
	pop	{pc}
	.size	\name, . - \name
	.endm

	L4_CALL	l4_getid, rt_kip_getid			@ r0 = struct task_ids *
	L4_CALL	l4_thread_switch, rt_kip_thread_switch	@ r0 ignored
	L4_CALL	l4_time, rt_kip_time			@ r0 = timeval *, r1 = set
	L4_CALL	l4_mutex_control, rt_kip_mutex_control	@ r0 = word, r1 = op
	L4_CALL	l4_exchange_registers, rt_kip_exchange_registers @ r0 = regs, r1 = tid
	L4_CALL	l4_thread_control, rt_kip_thread_control @ r0 = action, r1 = ids
	L4_CALL	l4_capability_control, rt_kip_capability_control @ r0..r2
	L4_CALL	l4_ipc_control, rt_kip_ipc_control	@ always -ENOSYS (§2.9)
	L4_CALL	l4_container_control, rt_kip_container_control @ always 0 (§2.9)

	.ltorg
