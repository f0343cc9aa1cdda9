package czemu.emulator.bench;

import java.util.Arrays;

/** Times an action several times and keeps the median, in seconds. */
final class Measurement {
    private Measurement() {}

    interface Action {
        void run() throws Exception;
    }

    static double medianSeconds(int repeats, Action action) throws Exception {
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            action.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[repeats / 2];
    }
}
