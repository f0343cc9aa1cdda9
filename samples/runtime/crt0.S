/*
 * Program entry.  The pager starts the thread at the ELF entry with SP
 * pointing at argc, followed by argv[0..argc-1], NULL, envp[...], NULL and
 * the strings (spec §1.6).  Nothing else in the registers is meaningful.
 * A Linux process starts with the same words at SP (followed by the
 * auxiliary vector), so the Linux reference build links this file too.
 */
	.syntax unified
	.arm

	.section .text.head, "ax", %progbits
	.global	_start
	.type	_start, %function
_start:
	ldr	r0, [sp]		@ argc
	add	r1, sp, #4		@ argv
	add	r2, r1, r0, lsl #2
	add	r2, r2, #4		@ envp = &argv[argc + 1]
	bic	sp, sp, #7		@ AAPCS wants an 8-byte aligned stack
	mov	fp, #0			@ mark the outermost frame
	mov	lr, #0
	bl	__rt_start		@ (argc, argv, envp); does not return
	.size	_start, . - _start
