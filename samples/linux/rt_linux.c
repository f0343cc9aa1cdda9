/*
 * The Linux side of the reference build: program start, exit, getpid and
 * the console backend.  The programs' sources, console.c (puts, printf),
 * string.c and env.c are the same objects as in the Codezero build; only
 * what talks to the system differs.  crt0.S is shared too: a Linux process
 * starts with the same stack (argc at [sp], argv[], NULL, envp[], NULL,
 * then the auxiliary vector, which is not used).
 *
 * The console is line buffered: putchar collects characters and hands them
 * to write(1, ...) at every '\n', when the buffer is full and at exit.  No
 * '\r' is added: the output is the text czemu shows for the UART, where
 * the "\r" after each "\n" is dropped.
 */
#include "rt.h"

int linux_write(int fd, const void *buf, unsigned count);
int linux_getpid(void);
void linux_exit_group(int status) __attribute__((noreturn));

int main(int argc, char **argv, char **envp);
void __rt_start(int argc, char **argv, char **envp) __attribute__((noreturn));

#define STDOUT_FILENO	1
#define EINTR		4

static char out_buf[512];
static unsigned out_len;

static void flush(void)
{
	const char *p = out_buf;
	unsigned left = out_len;

	while (left > 0) {
		int n = linux_write(STDOUT_FILENO, p, left);

		if (n == -EINTR)
			continue;
		if (n <= 0)
			break;		/* nowhere to report it: drop the rest */
		p += n;
		left -= n;
	}
	out_len = 0;
}

int putchar(int c)
{
	out_buf[out_len++] = (char)c;
	if (c == '\n' || out_len == sizeof(out_buf))
		flush();
	return (unsigned char)c;
}

pid_t getpid(void)
{
	return linux_getpid();
}

void _exit(int status)
{
	linux_exit_group(status);
}

void exit(int status)
{
	flush();
	linux_exit_group(status);
}

void __rt_start(int argc, char **argv, char **envp)
{
	environ = envp;
	exit(main(argc, argv, envp));
}
