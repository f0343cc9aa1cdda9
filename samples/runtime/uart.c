/*
 * The Codezero build's console backend: putchar straight to the PL011
 * UART that the kernel maps into every address space at 0xF9800000 (spec
 * §1.7), unbuffered.  console.c's puts and printf print through putchar;
 * the Linux build links linux/rt_linux.c's putchar instead of this one.
 */
#include "rt.h"

#define UART_BASE	0xF9800000u
#define UART_DR		(*(volatile unsigned *)(UART_BASE + 0x00))
#define UART_FR		(*(volatile unsigned *)(UART_BASE + 0x18))
#define UART_FR_TXFF	(1u << 5)	/* transmit FIFO full */

static void uart_tx(char c)
{
	while (UART_FR & UART_FR_TXFF)
		;
	UART_DR = (unsigned char)c;	/* a 32-bit store, as Codezero's libc does */
}

/* Codezero's libc sends "\n\r" for every newline; so do we. */
int putchar(int c)
{
	uart_tx((char)c);
	if (c == '\n')
		uart_tx('\r');
	return (unsigned char)c;
}
