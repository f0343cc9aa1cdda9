/*
 * Loader test for the data/bss boundary (spec §1.5, README "bss").
 *
 * data_area (2560 bytes of initialised data) makes .data end in the middle
 * of a page, so .bss starts mid-page: its first part shares the last data
 * page, whose tail the loader must zero in place, and the rest (5 pages
 * of bss_area) must be fresh zero pages.  The program checks that
 *   - every byte of data_area still holds its initial value,
 *   - every byte from __bss_start to _end is zero (the runtime keeps its
 *     own variables out of .bss, so nothing has written there yet),
 *   - every .bss byte can be written and read back, and doing so leaves
 *     data_area intact.
 */
#include "rt.h"

#define DATA_SIZE	2560
#define BSS_SIZE	(5 * 4096)

/* The initial value of data_area[i]; the compiler expands it at build time. */
#define PATTERN(i)	((unsigned char)((i) * 37u + ((i) >> 8) + 11u))

#define P4(i)	PATTERN(i), PATTERN((i) + 1), PATTERN((i) + 2), PATTERN((i) + 3)
#define P16(i)	P4(i), P4((i) + 4), P4((i) + 8), P4((i) + 12)
#define P64(i)	P16(i), P16((i) + 16), P16((i) + 32), P16((i) + 48)
#define P256(i)	P64(i), P64((i) + 64), P64((i) + 128), P64((i) + 192)

unsigned char data_area[DATA_SIZE] = {
	P256(0), P256(256), P256(512), P256(768), P256(1024),
	P256(1280), P256(1536), P256(1792), P256(2048), P256(2304),
};

unsigned char bss_area[BSS_SIZE];

extern unsigned char __bss_start[], _end[];

/* Volatile reads: the compiler must not assume what the memory holds. */
static int check_data(void)
{
	const volatile unsigned char *d = data_area;

	for (unsigned i = 0; i < DATA_SIZE; i++) {
		if (d[i] != PATTERN(i)) {
			printf("bss: data byte at %p is 0x%02x, expected 0x%02x\n",
			       &d[i], d[i], PATTERN(i));
			return 0;
		}
	}
	return 1;
}

static int check_bss_zero(void)
{
	for (const volatile unsigned char *p = __bss_start; p < _end; p++) {
		if (*p != 0) {
			printf("bss: .bss byte at %p is 0x%02x, expected 0\n", p, *p);
			return 0;
		}
	}
	return 1;
}

static int check_bss_writable(void)
{
	volatile unsigned char *p;

	for (p = __bss_start; p < _end; p++)
		*p = (unsigned char)(unsigned)p ^ 0x5A;
	for (p = __bss_start; p < _end; p++) {
		if (*p != ((unsigned char)(unsigned)p ^ 0x5A)) {
			printf("bss: .bss byte at %p did not keep its value\n", p);
			return 0;
		}
	}
	return 1;
}

int main(void)
{
	unsigned bss_start = (unsigned)__bss_start, bss_end = (unsigned)_end;
	int ok;

	printf("bss: data %p-%p (%u bytes)\n", data_area, data_area + DATA_SIZE,
	       DATA_SIZE);
	printf("bss: .bss %p-%p (%u bytes, starts 0x%x into its page, "
	       "crosses %u page boundaries)\n", __bss_start, _end,
	       bss_end - bss_start, bss_start & 0xFFF,
	       ((bss_end - 1) >> 12) - (bss_start >> 12));

	ok = check_data();
	if (ok)
		puts("bss: initialised data intact");
	ok = ok && check_bss_zero();
	if (ok)
		puts("bss: every .bss byte is zero");
	ok = ok && check_bss_writable() && check_data();
	if (ok)
		puts("bss: .bss written and read back, data still intact");

	printf("%-20s-- %s --\n", "BSS TEST", ok ? "PASSED" : "FAILED");
	return ok ? 0 : 1;
}
