/*
 * The Codezero kernel interface as a user program sees it: the KIP, the
 * UTCB and its message registers, thread ids, and the system call stubs
 * (syscalls.S).  Section numbers refer to shared/spec/codezero-abi.md.
 */
#ifndef CZEMU_L4_H
#define CZEMU_L4_H

typedef unsigned int l4id_t;

/* Thread ids (§2.2): container id in bits 31..24, raw id in bits 23..0. */
#define L4_NILTHREAD 0xFFFFFFFFu
#define L4_ANYTHREAD 0xFFFFFFFEu

static inline unsigned l4_cid(l4id_t tid) { return tid >> 24; }
static inline unsigned l4_raw_tid(l4id_t tid) { return tid & 0x00FFFFFFu; }

/* Kernel Interface Page (§1.2): a packed structure of u32 words. */
#define L4_KIP_ADDRESS 0xFF000000u

struct kip {
	unsigned magic;			/* 0x00 */
	unsigned short version_rsrv;	/* 0x04 */
	unsigned char api_subversion;	/* 0x06 */
	unsigned char api_version;	/* 0x07 */
	unsigned api_flags;		/* 0x08 */
	unsigned container_control;	/* 0x0C: syscall entry addresses... */
	unsigned time;
	unsigned irq_control;
	unsigned thread_control;
	unsigned ipc_control;
	unsigned map;
	unsigned ipc;			/* 0x24 */
	unsigned capability_control;
	unsigned unmap;
	unsigned exchange_registers;	/* 0x30 */
	unsigned thread_switch;
	unsigned schedule;
	unsigned getid;			/* 0x3C */
	unsigned mutex_control;		/* 0x40 */
	unsigned cache_control;
	unsigned arch_syscall[3];
	unsigned utcb;			/* 0x54: UTCB of the running thread */
};

_Static_assert(__builtin_offsetof(struct kip, ipc) == 0x24, "KIP layout");
_Static_assert(__builtin_offsetof(struct kip, getid) == 0x3C, "KIP layout");
_Static_assert(__builtin_offsetof(struct kip, mutex_control) == 0x40, "KIP layout");
_Static_assert(__builtin_offsetof(struct kip, utcb) == 0x54, "KIP layout");

/*
 * User thread control block (§1.4).  MR0..MR5 also travel in r3..r8 during
 * ipc; MR6..MR59 exist only in mr_rest, which doubles as the 216-byte
 * "full buffer" that full IPC copies.
 */
#define L4_UTCB_FULL_BUFFER_SIZE 216

struct utcb {
	unsigned mr[6];			/* 0x00: MR0..MR5 */
	unsigned saved_tag;		/* 0x18 */
	unsigned saved_sender;		/* 0x1C */
	unsigned char notify[8];	/* 0x20 */
	unsigned mr_rest[54];		/* 0x28: MR6..MR59 */
};

_Static_assert(__builtin_offsetof(struct utcb, mr_rest) == 0x28, "UTCB layout");
_Static_assert(sizeof(struct utcb) == 256, "UTCB size");

/*
 * The KIP word at 0x54 holds the current thread's UTCB; the kernel rewrites
 * it on every thread switch, and a fork child gets a new one (§1.2, §3.5),
 * so it is read afresh on every access and never cached.
 */
#define L4_KIP_UTCB_REF (L4_KIP_ADDRESS + 0x54)

static inline volatile struct utcb *l4_utcb(void)
{
	return *(volatile struct utcb *volatile *)L4_KIP_UTCB_REF;
}

static inline unsigned read_mr(int i)
{
	volatile struct utcb *u = l4_utcb();

	return i < 6 ? u->mr[i] : u->mr_rest[i - 6];
}

static inline void write_mr(int i, unsigned value)
{
	volatile struct utcb *u = l4_utcb();

	if (i < 6)
		u->mr[i] = value;
	else
		u->mr_rest[i - 6] = value;
}

/* Message register roles (§1.4). */
#define L4_MR_TAG	0	/* request tag (low 12 bits) */
#define L4_MR_RETURN	0	/* reply value: the same register */
#define L4_MR_SENDER	1	/* stamped by the kernel on ANYTHREAD receive */
#define L4_MR_ARG0	2
#define L4_MR_ARG1	3
#define L4_MR_ARG2	4
#define L4_MR_ARG3	5

/* Tags of the pager protocol that the runtime and the tests speak (§3.2). */
#define L4_IPC_TAG_MASK		0xFFFu
#define L4_IPC_TAG_SYNC_EXTENDED 3	/* between two test processes only */
#define L4_IPC_TAG_SYNC_FULL	4
#define L4_IPC_TAG_SYNC		5
#define L4_IPC_TAG_SHMGET	6
#define L4_IPC_TAG_SHMAT	7
#define L4_IPC_TAG_SHMDT	8
#define L4_IPC_TAG_MMAP		9
#define L4_IPC_TAG_MUNMAP	10
#define L4_IPC_TAG_MSYNC	11
#define L4_IPC_TAG_OPEN		12
#define L4_IPC_TAG_READ		13
#define L4_IPC_TAG_WRITE	14
#define L4_IPC_TAG_LSEEK	15
#define L4_IPC_TAG_CLOSE	16
#define L4_IPC_TAG_READDIR	18
#define L4_IPC_TAG_MKDIR	19
#define L4_IPC_TAG_EXECVE	20
#define L4_IPC_TAG_CHDIR	21
#define L4_IPC_TAG_FORK		22
#define L4_IPC_TAG_CLONE	26
#define L4_IPC_TAG_EXIT		27

/* Only the tag bits of MR0 change; the rest of MR0 is kept (§1.4). */
static inline void l4_set_tag(unsigned tag)
{
	write_mr(L4_MR_TAG, (read_mr(L4_MR_TAG) & ~L4_IPC_TAG_MASK) |
			    (tag & L4_IPC_TAG_MASK));
}

static inline int l4_get_retval(void)
{
	return (int)read_mr(L4_MR_RETURN);
}

/* ipc flags word (§2.4). */
#define L4_IPC_FLAGS_SHORT		0x0u
#define L4_IPC_FLAGS_FULL		0x1u
#define L4_IPC_FLAGS_EXTENDED		0x2u
#define L4_IPC_EXT_MR_SHIFT		4	/* bits 11..4: MR holding the buffer */
#define L4_IPC_EXT_SIZE_SHIFT		16	/* bits 27..16: byte count */
#define L4_IPC_EXTENDED_MAX_SIZE	2048

/* Kernel calls (syscalls.S); each returns the kernel's r0 (§1.3). */
struct task_ids {
	l4id_t tid;
	l4id_t spid;
	l4id_t tgid;
};

struct l4_timeval {
	unsigned sec;
	unsigned usec;
};

struct exregs_data {			/* §2.8 */
	unsigned context[16];		/* r0..r12, sp, lr, pc */
	unsigned valid_vect;		/* bit i: context[i] is valid */
	unsigned flags;			/* SET_PAGER 1, SET_UTCB 2, READ 4 */
	l4id_t pagerid;
	unsigned utcb_address;
};

#define EXREGS_SET_PAGER	1u
#define EXREGS_SET_UTCB		2u
#define EXREGS_READ		4u
#define EXREGS_VALID(reg)	(1u << (reg))	/* reg: 0..12, 13 sp, 14 lr, 15 pc */

/* thread_control: an action in the top nibble, creation flags below it (§2.7). */
#define TC_CREATE		0x00000000u
#define TC_RUN			0x10000000u
#define TC_SUSPEND		0x20000000u
#define TC_DESTROY		0x30000000u	/* exit code in the low 16 bits */
#define TC_RECYCLE		0x40000000u
#define TC_WAIT			0x50000000u
#define TC_SHARE_CAPS		0x00100000u
#define TC_SHARE_UTCB		0x00200000u
#define TC_SHARE_GROUP		0x00400000u
#define TC_SHARE_SPACE		0x01000000u
#define TC_COPY_SPACE		0x02000000u
#define TC_NEW_SPACE		0x04000000u

int l4_ipc(l4id_t to, l4id_t from, unsigned flags);
int l4_getid(struct task_ids *ids);
int l4_thread_switch(l4id_t tid);
int l4_time(struct l4_timeval *tv, int set);
int l4_mutex_control(void *mutex_word, unsigned op);
int l4_exchange_registers(struct exregs_data *regs, l4id_t tid);
int l4_thread_control(unsigned action, struct task_ids *ids);
int l4_capability_control(unsigned request, unsigned flags, void *buf);
/* The kernel ignores the arguments of these two (§2.9); r0..r2 pass through. */
int l4_ipc_control(unsigned r0, unsigned r1, unsigned r2);	/* -ENOSYS */
int l4_container_control(unsigned r0, unsigned r1, unsigned r2); /* 0 */

/*
 * User mutexes (§2.6).  The word is -1 when free, 0 when held, n > 0 when
 * held with n contenders; -2 marks it busy while one thread updates it.
 * mutex_swp.S holds the swp fast paths, mutex.c the loops around
 * mutex_control.
 */
#define L4_MUTEX_UNLOCKED	(-1)
#define L4_MUTEX_BUSY		(-2)
#define L4_MUTEX_SUCCESS	0
#define L4_MUTEX_CONTENDED	(-1)
#define L4_MUTEX_LOCK		0x10000000u	/* mutex_control ops */
#define L4_MUTEX_UNLOCK		0x20000000u

struct l4_mutex {
	int lock;
};

int __l4_mutex_lock(int *word);		/* L4_MUTEX_SUCCESS or _CONTENDED */
int __l4_mutex_unlock(int *word);	/* the number of contenders */
void l4_mutex_init(struct l4_mutex *m);
int l4_mutex_lock(struct l4_mutex *m);	/* 0, or mutex_control's error */
int l4_mutex_unlock(struct l4_mutex *m);

/* IPC helpers with libl4's register conventions (§2.4). */
static inline int l4_send(l4id_t to, unsigned tag)
{
	l4_set_tag(tag);
	return l4_ipc(to, L4_NILTHREAD, L4_IPC_FLAGS_SHORT);
}

static inline int l4_receive(l4id_t from)
{
	return l4_ipc(L4_NILTHREAD, from, L4_IPC_FLAGS_SHORT);
}

static inline int l4_sendrecv(l4id_t to, l4id_t from, unsigned tag)
{
	l4_set_tag(tag);
	return l4_ipc(to, from, L4_IPC_FLAGS_SHORT);
}

static inline int l4_sendrecv_full(l4id_t to, l4id_t from, unsigned tag)
{
	l4_set_tag(tag);
	return l4_ipc(to, from, L4_IPC_FLAGS_FULL);
}

/* Extended IPC: the buffer address travels in MR2 and the flags name it. */
static inline unsigned l4_extended_flags(unsigned size)
{
	return L4_IPC_FLAGS_EXTENDED | (L4_MR_ARG0 << L4_IPC_EXT_MR_SHIFT) |
	       (size << L4_IPC_EXT_SIZE_SHIFT);
}

/*
 * The kernel refuses sizes above 2048 with -EINVAL (22); checking here
 * also keeps larger sizes from spilling out of the 12-bit size field.
 */
static inline int l4_send_extended(l4id_t to, unsigned tag, unsigned size,
				   void *buf)
{
	if (size > L4_IPC_EXTENDED_MAX_SIZE)
		return -22;
	l4_set_tag(tag);
	write_mr(L4_MR_ARG0, (unsigned)buf);
	return l4_ipc(to, L4_NILTHREAD, l4_extended_flags(size));
}

static inline int l4_receive_extended(l4id_t from, unsigned size, void *buf)
{
	if (size > L4_IPC_EXTENDED_MAX_SIZE)
		return -22;
	write_mr(L4_MR_ARG0, (unsigned)buf);
	return l4_ipc(L4_NILTHREAD, from, l4_extended_flags(size));
}

#endif
