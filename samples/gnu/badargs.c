/*
 * System calls handed pointers that lead nowhere, impossible sizes and unknown numbers: each must
 * fail with the errno Linux gives (-EFAULT, -EBADF, -EINVAL, -ENOSYS), and the program goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define NOWHERE ((void *)0x10)
#define ABOVE_STACK ((void *)0xe0000000)

static void show(const char *what, long result)
{
	printf("%-36s %ld %s\n", what, result, result < 0 ? strerror(errno) : "");
}

int main(void)
{
	char buf[16];
	struct stat st;
	int p[2];
	setvbuf(stdout, NULL, _IONBF, 0);
	show("write from an unmapped buffer", syscall(SYS_write, 1, NOWHERE, 5));
	show("read into an unmapped buffer", syscall(SYS_read, 0, ABOVE_STACK, 5));
	show("open of an unmapped path", syscall(SYS_openat, AT_FDCWD, NOWHERE, O_RDONLY));
	show("stat into an unmapped buffer", syscall(SYS_stat64, "/", ABOVE_STACK));
	show("pipe into an unmapped array", syscall(SYS_pipe, NOWHERE));
	show("gettimeofday into an unmapped one", syscall(SYS_gettimeofday, NOWHERE, NULL));
	show("uname into an unmapped buffer", syscall(SYS_uname, ABOVE_STACK));
	show("getcwd into a 1-byte buffer", syscall(SYS_getcwd, buf, 1));
	show("write to a closed fd", syscall(SYS_write, 57, "x", 1));
	show("close of an fd out of range", syscall(SYS_close, 5000));
	show("dup2 onto a negative fd", syscall(SYS_dup2, 1, -3));
	int fd = open("badargs.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	show("lseek with a bad whence", syscall(SYS_lseek, fd, 0, 99));
	show("lseek on a pipe", (pipe(p), syscall(SYS_lseek, p[0], 0, SEEK_SET)));
	close(fd);
	unlink("badargs.tmp");
	show("mmap of zero bytes", syscall(SYS_mmap2, 0, 0, 3, 0x22, -1, 0));
	show("munmap of an unaligned address", syscall(SYS_munmap, 0x40000001, 4096));
	show("execve of an unmapped path", syscall(SYS_execve, NOWHERE, NULL, NULL));
	show("unknown call 9999", syscall(9999));
	show("unknown call 9999 again", syscall(9999));
	show("pipe2 with bad flags", syscall(SYS_pipe2, p, 0x12345));
	show("fstat of fd 1 still works", fstat(1, &st));
	return 0;
}
