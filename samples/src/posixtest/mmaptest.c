/*
 * mmaptest (spec §6.2): a shared mapping of a 64 KiB file (made by a
 * write just past 64 KiB), with stores into its pages, an msync and a
 * munmap of one page in the middle.  The file is relative to the working
 * directory dirtest left, /home/bahadir.
 */
#include "posixtest.h"

#define PAGE		4096
#define MAP_LENGTH	0x10000

static int mmap_failed(void)
{
	FAILED_LINE("MMAP TEST");
	return -1;
}

int mmaptest(void)
{
	char *base, *page1, *page2, *page3;
	int fd;

	fd = open("./mmapfile.txt", O_CREAT | O_TRUNC | O_RDWR, S_IRWXU);
	if (fd < 0)
		return mmap_failed();
	if (lseek(fd, MAP_LENGTH, SEEK_SET) != MAP_LENGTH)
		return mmap_failed();
	if (write(fd, "END", 4) != 4)		/* the file is now 65540 bytes */
		return mmap_failed();

	base = mmap(NULL, MAP_LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return mmap_failed();
	page1 = base + PAGE;
	page2 = base + 2 * PAGE;
	page3 = base + 3 * PAGE;

	*(volatile unsigned *)page2 = 0x2222;
	if (msync(page2, PAGE, MS_SYNC) < 0)
		return mmap_failed();
	if (munmap(page2, PAGE) < 0)
		return mmap_failed();
	*(volatile unsigned *)page3 = 0x3333;
	*(volatile unsigned *)page1 = 0x1111;

	close(fd);
	PASSED_LINE("MMAP TEST");
	return 0;
}
