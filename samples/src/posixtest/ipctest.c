/*
 * The IPC tests, run by the original process only.
 *
 * ipc_full_test (spec §5.1): a full IPC to the pager with MR2..MR59 set
 * to their own numbers; the pager's SYNC_FULL reply is a full IPC with
 * all of them zero.
 *
 * ipc_extended_test (§5.2): a forked child sends 2048 bytes by extended
 * IPC straight into its parent's memory, into a buffer that straddles two
 * pages the parent has never touched, so the kernel must page them in
 * during the IPC.
 */
#include "posixtest.h"

#define FIRST_MR	2
#define LAST_MR		59

int ipc_full_test(void)
{
	int err;

	for (int i = FIRST_MR; i <= LAST_MR; i++)
		write_mr(i, i);
	err = l4_sendrecv_full(pagerid, pagerid, L4_IPC_TAG_SYNC_FULL);
	if (err < 0) {
		printf("%s: Failed with %d\n", "ipc_full_test", err);
		bug();
	}
	for (int i = FIRST_MR; i <= LAST_MR; i++) {
		if (read_mr(i) != 0) {
			printf("Expected 0 on all mrs. Failed.\n");
			bug();
		}
	}
	PASSED_LINE("FULL IPC TEST:");
	return 0;
}

#define EXT_SIZE	L4_IPC_EXTENDED_MAX_SIZE	/* 2048 */
#define EXT_MAP_SIZE	8192
#define PAGE		4096

static char expected_byte(int i)
{
	if (i == EXT_SIZE - 2)
		return '\n';
	if (i == EXT_SIZE - 1)
		return '\0';
	return 'A' + i % 20;
}

static int extended_failed(void)
{
	FAILED_LINE("EXTENDED IPC TEST:");
	return -1;
}

int ipc_extended_test(void)
{
	pid_t parent = getpid(), child;
	volatile char *ipcbuf;
	char *base;
	int err;

	child = fork();
	if (child < 0)
		return extended_failed();

	/* Each process maps its own buffer, after the fork. */
	base = mmap(NULL, EXT_MAP_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		printf("%s: mmap for extended ipc buffer failed: %d\n",
		       "ipc_extended_test", -errno);
		return extended_failed();
	}
	ipcbuf = base + PAGE - 1024;

	if (child == 0) {
		for (int i = 0; i < EXT_SIZE; i++)
			ipcbuf[i] = expected_byte(i);
		err = l4_send_extended(parent, L4_IPC_TAG_SYNC_EXTENDED, EXT_SIZE,
				       (void *)ipcbuf);
		if (err < 0) {
			printf("Extended ipc error: %d\n", err);
			return extended_failed();
		}
		return 0;
	}

	/* Not a byte of the buffer has been touched here before this. */
	err = l4_receive_extended(child, EXT_SIZE, (void *)ipcbuf);
	if (err < 0) {
		printf("Extended ipc error: %d\n", err);
		return extended_failed();
	}
	for (int i = 0; i < EXT_SIZE; i++)
		if (ipcbuf[i] != expected_byte(i))
			return extended_failed();
	PASSED_LINE("EXTENDED IPC TEST:");
	return 0;
}
