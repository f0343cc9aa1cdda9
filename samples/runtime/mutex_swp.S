/*
 * User mutex fast paths (spec §2.6), made atomic with the ARMv5 swp:
 * whoever swaps the busy marker -2 into the word and gets back something
 * else owns the word until it stores a real value again.
 *
 *   word -1: free   0: held   n > 0: held, n threads waiting to take it
 */
	.syntax unified
	.arm
	.text

/* int __l4_mutex_lock(int *word): 0 if we now hold it, -1 if contended */
	.global	__l4_mutex_lock
	.type	__l4_mutex_lock, %function
__l4_mutex_lock:
	mvn	r2, #1			@ r2 = -2, the busy marker
1:	swp	r1, r2, [r0]
	cmp	r1, r2
	beq	1b			@ someone else is updating it
	add	r1, r1, #1		@ free -> held (0); held -> one more waiter
	str	r1, [r0]
	subs	r0, r1, #0
	mvnne	r0, #0			@ contended: -1
	bx	lr
	.size	__l4_mutex_lock, . - __l4_mutex_lock

/* int __l4_mutex_unlock(int *word): returns the number of waiters (0 if none) */
	.global	__l4_mutex_unlock
	.type	__l4_mutex_unlock, %function
__l4_mutex_unlock:
	mvn	r2, #1
1:	swp	r1, r2, [r0]
	cmp	r1, r2
	beq	1b
	mvn	r3, #0
	str	r3, [r0]		@ free again
	mov	r0, r1
	bx	lr
	.size	__l4_mutex_unlock, . - __l4_mutex_unlock
