/*
 * Console output: puts and a small printf, both printing through putchar.
 * putchar is the backend and is chosen at link time: uart.c writes the
 * PL011 UART (the Codezero build), linux/rt_linux.c buffers and calls
 * write(1, ...) (the Linux reference build).
 */
#include "rt.h"

int puts(const char *s)
{
	while (*s)
		putchar(*s++);
	putchar('\n');
	return 0;
}

/*
 * printf: conversions d i u x X p s c %, flags '-' and '0', a decimal
 * width, and 'l' (a no-op: long is 32 bits).  %p prints "0x" and eight hex
 * digits.  Anything else is printed as it stands.
 */
struct field {
	int width;
	int left;		/* '-': pad on the right */
	int zero;		/* '0': pad numbers with zeros after the prefix */
};

static int pad(int n, char c)
{
	for (int i = 0; i < n; i++)
		putchar(c);
	return n > 0 ? n : 0;
}

/* Prints prefix + body in a field; returns the number of characters. */
static int emit(const struct field *f, const char *prefix, const char *body, int len)
{
	int plen = strlen(prefix), fill = f->width - plen - len, n = 0;

	if (!f->left && !f->zero)
		n += pad(fill, ' ');
	for (const char *p = prefix; *p; p++)
		putchar(*p);
	if (!f->left && f->zero)
		n += pad(fill, '0');
	for (int i = 0; i < len; i++)
		putchar(body[i]);
	if (f->left)
		n += pad(fill, ' ');
	return n + plen + len;
}

/* Writes the digits of v at the end of buf[12]; returns where they start. */
static char *digits(char *end, unsigned v, unsigned base, int upper, int min_digits)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		*--p = set[v % base];
		v /= base;
		min_digits--;
	} while (v || min_digits > 0);
	return p;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int count = 0;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		struct field f = { 0, 0, 0 };
		char buf[12], *end = buf + sizeof(buf), *s;
		const char *prefix = "";
		unsigned u;
		int v;

		if (*fmt != '%') {
			putchar(*fmt);
			count++;
			continue;
		}
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				f.left = 1;
			else
				f.zero = 1;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			f.width = f.width * 10 + (*fmt - '0');
		while (*fmt == 'l')
			fmt++;

		switch (*fmt) {
		case 'd':
		case 'i':
			v = va_arg(ap, int);
			if (v < 0)
				prefix = "-";
			u = v < 0 ? -(unsigned)v : (unsigned)v;
			s = digits(end, u, 10, 0, 1);
			count += emit(&f, prefix, s, end - s);
			break;
		case 'u':
			s = digits(end, va_arg(ap, unsigned), 10, 0, 1);
			count += emit(&f, prefix, s, end - s);
			break;
		case 'x':
		case 'X':
			s = digits(end, va_arg(ap, unsigned), 16, *fmt == 'X', 1);
			count += emit(&f, prefix, s, end - s);
			break;
		case 'p':
			s = digits(end, (unsigned)va_arg(ap, void *), 16, 0, 8);
			count += emit(&f, "0x", s, end - s);
			break;
		case 's':
			s = va_arg(ap, char *);
			if (!s)
				s = "(null)";
			f.zero = 0;
			count += emit(&f, prefix, s, strlen(s));
			break;
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			f.zero = 0;
			count += emit(&f, prefix, buf, 1);
			break;
		case '%':
			putchar('%');
			count++;
			break;
		case '\0':		/* a lone '%' at the end */
			fmt--;
			break;
		default:		/* unsupported: print it as it stands */
			putchar('%');
			putchar(*fmt);
			count += 2;
			break;
		}
	}
	va_end(ap);
	return count;
}
