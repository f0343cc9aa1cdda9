package czemu.pager.linux;

/**
 * The random bytes Linux programs get (AT_RANDOM, getrandom): never the host's, so runs repeat, and
 * made exactly as qemu-arm makes them under {@code -seed N}, so that a program run by both with the
 * same seed takes the same values (glibc's stack guard and pointer guard come from AT_RANDOM and
 * show in registers: docs/traces.md, "Comparing with qemu-arm").
 *
 * <p>qemu-user's deterministic mode draws guest randomness from GLib's {@code GRand} seeded with the
 * 64-bit seed as an array of two 32-bit words (low word first), four bytes per
 * {@code g_rand_int}, little-endian. GRand is the Mersenne Twister MT19937 (Matsumoto and Nishimura,
 * 1998): the reference generator's {@code init_by_array} and tempering, written here from the paper's
 * published algorithm. Nothing here is for secrets.
 */
public final class GuestRandom {
    /** The seed without {@code --seed}: any fixed value would do. */
    public static final long DEFAULT_SEED = 0x637a656d75L;

    private static final int N = 624, M = 397;
    private static final int MATRIX_A = 0x9908b0df, UPPER_MASK = 0x80000000, LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int index;

    public GuestRandom(long seed) {
        reseed(seed);
    }

    /** A generator seeded with {@code key} as the reference {@code init_by_array} takes it (for tests). */
    GuestRandom(int[] key) {
        seedByArray(key);
    }

    /** Starts the stream again from {@code seed}. */
    public void reseed(long seed) {
        seedByArray(new int[] {(int) seed, (int) (seed >>> 32)});
    }

    /** Fills {@code bytes} with the next words, each little-endian; a last partial word uses its low bytes. */
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i += 4) {
            int word = nextInt();
            for (int b = 0; b < 4 && i + b < bytes.length; b++) bytes[i + b] = (byte) (word >>> (8 * b));
        }
    }

    /** The next 32-bit output (g_rand_int). */
    public int nextInt() {
        if (index >= N) twist();
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void seedLinear(int seed) {
        state[0] = seed;
        for (int i = 1; i < N; i++) state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        index = N;
    }

    private void seedByArray(int[] key) {
        seedLinear(19650218);
        int i = 1, j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                state[0] = state[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                state[0] = state[N - 1];
                i = 1;
            }
        }
        state[0] = UPPER_MASK; // a non-zero initial state is assured
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (state[k] & UPPER_MASK) | (state[(k + 1) % N] & LOWER_MASK);
            state[k] = state[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        index = 0;
    }
}
