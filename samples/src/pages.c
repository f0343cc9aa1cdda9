/*
 * Demand paging on a large scale: a .bss array of up to 4096 pages
 * (16 MiB).  One word is written into every page, at an offset that varies
 * from page to page; then every page is read back: the written word must
 * be there, and a word in the other half of the page must still be zero.
 * argv[1] may ask for fewer pages.
 */
#include "rt.h"

#define PAGE_SIZE	4096
#define PAGE_WORDS	(PAGE_SIZE / 4)
#define MAX_PAGES	4096

static unsigned area[MAX_PAGES][PAGE_WORDS] __attribute__((aligned(PAGE_SIZE)));

static unsigned word_offset(unsigned page)
{
	return (page * 17) % PAGE_WORDS;
}

static unsigned word_value(unsigned page)
{
	return (page * 2654435761u) ^ 0xC0DE0000u;
}

int main(int argc, char **argv)
{
	int pages = argc > 1 ? atoi(argv[1]) : MAX_PAGES, bad = 0;
	volatile unsigned (*p)[PAGE_WORDS] = area;

	if (pages < 1 || pages > MAX_PAGES) {
		printf("pages: the page count must be 1..%d\n", MAX_PAGES);
		return 2;
	}
	printf("pages: writing one word into each of %d pages (%d bytes)\n",
	       pages, pages * PAGE_SIZE);
	for (int i = 0; i < pages; i++)
		p[i][word_offset(i)] = word_value(i);

	for (int i = 0; i < pages; i++) {
		unsigned off = word_offset(i), other = off ^ (PAGE_WORDS / 2);

		if (p[i][off] != word_value(i) || p[i][other] != 0) {
			if (bad++ < 5)
				printf("pages: page %d at %p holds 0x%08x / 0x%08x\n",
				       i, (void *)&p[i][0], p[i][off], p[i][other]);
		}
	}
	printf("pages: %d pages read back, %d bad\n", pages, bad);
	printf("%-20s-- %s --\n", "PAGES TEST", bad ? "FAILED" : "PASSED");
	return bad ? 1 : 0;
}
