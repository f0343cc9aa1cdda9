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
                + "exec,cpu,nochain -singlestep), the start-up time of a hello run, single steps per second from "
                + "gdb-multiarch (when installed) beside qemu-arm -g, and what a watchpoint costs the code next to it; "
                + "and the same static Linux binaries on czemu's Linux door and on qemu-arm: cpubench (ARM and Thumb-2) "
                + "the syscall-bound sysbench and the signal-bound sigbench.")
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

    @Option(names = "--signal-rounds", description = "Rounds of the Linux sigbench, one signal raised and handled each (default ${DEFAULT-VALUE}).")
    int signalRounds = 20000;

    @Option(names = "--gdb-steps", description = "Single steps gdb-multiarch makes for the stepping figure (default ${DEFAULT-VALUE}).")
    int gdbSteps = 2000;

    @Option(names = "--debugger-only", description = "Measure only the debugger's figures: gdb single steps, and a loop next to a watchpoint.")
    boolean debuggerOnly;

    @Override
    public Integer call() throws Exception {
        if (gdbSteps <= Benchmarks.GDB_BASELINE_STEPS) {
            System.err.println("czemu: error: --gdb-steps must be more than " + Benchmarks.GDB_BASELINE_STEPS);
            return 2;
        }
        Benchmarks benchmarks = new Benchmarks(System.out, repeats);
        if (debuggerOnly) {
            benchmarks.runDebugger(gdbSteps);
        } else {
            benchmarks.runAll(iterations, pages, tracedIterations, linuxRounds, syscallRounds, signalRounds, gdbSteps);
        }
        return 0;
    }
}
