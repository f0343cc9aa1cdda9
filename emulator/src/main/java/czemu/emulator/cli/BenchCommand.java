package czemu.emulator.cli;

import czemu.emulator.bench.Benchmarks;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code czemu bench}: speed figures beside qemu-arm's on the same programs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures czemu on the committed samples and prints each figure beside qemu-arm running a "
                + "Linux build of the same source (when qemu-arm is installed): CPU-bound instructions per second, "
                + "demand-zero faults per second, instructions per second while recording a trace (beside qemu-arm -d "
                + "exec,cpu,nochain -singlestep), and the start-up time of a hello run; and the same static Linux "
                + "binaries on czemu's Linux door and on qemu-arm: cpubench (ARM and Thumb-2) and the syscall-bound sysbench.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--iterations", description = "Iterations of the CPU-bound loop (default ${DEFAULT-VALUE}).")
    long iterations = 100_000_000L;

    @Option(names = "--pages", description = "Pages the demand-zero run touches (default ${DEFAULT-VALUE}).")
    int pages = 4096;

    @Option(names = "--traced-iterations", description = "Iterations of the CPU-bound loop while recording a trace "
            + "(default ${DEFAULT-VALUE}; qemu-arm's log takes 300 bytes an instruction).")
    long tracedIterations = Benchmarks.TRACED_ITERATIONS;

    @Option(names = "--repeats", description = "Runs per figure; the median is shown (default ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--linux-rounds", description = "Rounds of the Linux cpubench (default ${DEFAULT-VALUE}).")
    int linuxRounds = 200;

    @Option(names = "--syscall-rounds", description = "Rounds of the Linux sysbench, 5 system calls each (default ${DEFAULT-VALUE}).")
    int syscallRounds = 20000;

    @Override
    public Integer call() throws Exception {
        new Benchmarks(System.out, repeats).runAll(iterations, pages, tracedIterations, linuxRounds, syscallRounds);
        return 0;
    }
}
