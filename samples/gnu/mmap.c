/*
 * Memory: anonymous private mmap, a private file mapping, MAP_SHARED|MAP_ANONYMOUS seen by parent
 * and child after fork while private pages stay copy-on-write, mprotect making a page read-only (a
 * child that writes it dies of SIGSEGV), munmap (a child that touches it dies too), MAP_FIXED and brk.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int child_status(void (*body)(char *), char *arg)
{
	int status;
	pid_t child = fork();
	if (child == 0) {
		body(arg);
		_exit(0);
	}
	waitpid(child, &status, 0);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static void write_first_byte(char *p)
{
	*(volatile char *)p = 1;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	long page = sysconf(_SC_PAGESIZE);
	printf("page size %ld\n", page);

	char *anon = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("anonymous mapping zeroed: %d\n", anon[0] == 0 && anon[4 * page - 1] == 0);
	strcpy(anon + page, "written into the second page");
	printf("%s\n", anon + page);

	int fd = open("mmap.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	for (int i = 0; i < 3000; i++)
		write(fd, "0123456789", 10);
	char *file = mmap(NULL, 30000, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("file mapping: %.10s ... byte 29999 is %c\n", file + 8192, file[29999]);
	file[0] = 'X';
	char c;
	pread(fd, &c, 1, 0);
	printf("a private write leaves the file alone: %c\n", c);
	char *second = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, page);
	printf("offset mapping starts with %.4s\n", second);
	munmap(second, page);
	close(fd);
	unlink("mmap.tmp");

	char *shared = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	strcpy(shared, "parent");
	strcpy(anon, "parent");
	int status;
	pid_t child = fork();
	if (child == 0) {
		strcpy(shared, "child");
		strcpy(anon, "child");
		_exit(0);
	}
	waitpid(child, &status, 0);
	printf("after the child wrote: shared '%s', private '%s'\n", shared, anon);

	mprotect(anon, page, PROT_READ);
	printf("write to a read-only page: child status %d\n", child_status(write_first_byte, anon));
	printf("write to the page after it: child status %d\n", child_status(write_first_byte, anon + page));
	munmap(anon + 2 * page, page);
	printf("write to an unmapped page: child status %d\n", child_status(write_first_byte, anon + 2 * page));

	char *fixed = mmap(anon + 2 * page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED in the hole: %d, zeroed %d\n", fixed == anon + 2 * page, fixed[0] == 0);

	char *end = sbrk(0);
	printf("brk grows: %d\n", sbrk(3 * page) == end && sbrk(0) == end + 3 * page);
	memset(end, 7, 3 * page);
	printf("brk memory holds %d\n", end[3 * page - 1]);
	printf("munmap of an unaligned address: %d\n", munmap(anon + 1, page));
	return 0;
}
