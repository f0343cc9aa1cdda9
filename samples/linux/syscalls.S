/*
 * Linux system calls of the reference build (ARM EABI): the number in r7,
 * the arguments in r0..r2, "svc #0", the result (or -errno) in r0.  r7
 * belongs to the caller under AAPCS, so it is saved around the call.
 */
	.syntax unified
	.arm
	.text

#define NR_exit		1
#define NR_write	4
#define NR_getpid	20
#define NR_exit_group	248

/* int linux_write(int fd, const void *buf, unsigned count) */
	.global	linux_write
	.type	linux_write, %function
linux_write:
	push	{r7, lr}
	mov	r7, #NR_write
	svc	#0
	pop	{r7, pc}
	.size	linux_write, . - linux_write

/* int linux_getpid(void) */
	.global	linux_getpid
	.type	linux_getpid, %function
linux_getpid:
	push	{r7, lr}
	mov	r7, #NR_getpid
	svc	#0
	pop	{r7, pc}
	.size	linux_getpid, . - linux_getpid

/* void linux_exit_group(int status): does not return */
	.global	linux_exit_group
	.type	linux_exit_group, %function
linux_exit_group:
	mov	r7, #NR_exit_group
	svc	#0
	mov	r7, #NR_exit		@ a kernel without exit_group
	svc	#0
	b	.
	.size	linux_exit_group, . - linux_exit_group
