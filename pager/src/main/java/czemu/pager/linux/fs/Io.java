package czemu.pager.linux.fs;

import czemu.pager.linux.WaitQueue;

/**
 * The outcome of a read or write on an open file: a count (or the bytes read), a negative errno, or
 * "not yet": the caller must wait in {@code waitOn} and try again.
 */
public record Io(int result, byte[] data, WaitQueue waitOn) {
    public static Io count(int n) {
        return new Io(n, null, null);
    }

    public static Io bytes(byte[] data) {
        return new Io(data.length, data, null);
    }

    public static Io error(int negativeErrno) {
        return new Io(negativeErrno, null, null);
    }

    public static Io later(WaitQueue queue) {
        return new Io(0, null, queue);
    }

    public boolean mustWait() {
        return waitOn != null;
    }
}
