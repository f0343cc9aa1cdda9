/*
 * CPU-bound benchmark: integer mixing, a sieve and a small matrix product, repeated ROUNDS times
 * (argv[1], default 20). Built twice, ARM and Thumb-2, to measure the engine against qemu-arm.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned mix(unsigned x, int n)
{
	for (int i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		x += (unsigned)i * 2654435761u;
	}
	return x;
}

static int sieve(char *composite, int limit)
{
	int primes = 0;
	for (int i = 0; i < limit; i++)
		composite[i] = 0;
	for (int i = 2; i < limit; i++) {
		if (composite[i])
			continue;
		primes++;
		for (int j = 2 * i; j < limit; j += i)
			composite[j] = 1;
	}
	return primes;
}

static unsigned matrix(int n)
{
	static int a[32][32], b[32][32], c[32][32];
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			a[i][j] = i + j;
			b[i][j] = i - j;
		}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			int sum = 0;
			for (int k = 0; k < n; k++)
				sum += a[i][k] * b[k][j];
			c[i][j] = sum;
		}
	unsigned h = 0;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			h = h * 31 + (unsigned)c[i][j];
	return h;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	static char composite[100000];
	unsigned x = 1;
	int primes = 0;
	unsigned h = 0;
	for (int r = 0; r < rounds; r++) {
		x = mix(x, 200000);
		primes = sieve(composite, sizeof composite);
		h = h * 7 + matrix(32);
	}
	printf("rounds %d: mix %08x, primes %d, matrix %08x\n", rounds, x, primes, h);
	return 0;
}
