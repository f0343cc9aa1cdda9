package czemu.emulator.trace;

/** What the kernel did for a thread, between two of the trace's instructions. */
public sealed interface TraceEvent extends TraceRecord {

    /** The word that starts the event's line in a czemu trace ({@code syscall}, {@code ipc}, ...). */
    String kind();

    /** A system call as it returned ({@code blocked}: the thread sleeps in it, the result comes later). */
    record Syscall(long index, int thread, String name, int result, boolean blocked) implements TraceEvent {
        public String kind() {
            return "syscall";
        }
    }

    /** An ipc call: its destination and source (either may be NILTHREAD), the tag in MR0 and the result. */
    record Ipc(long index, int thread, int to, int from, int tag, int result, boolean blocked) implements TraceEvent {
        public String kind() {
            return "ipc";
        }
    }

    /**
     * A data or prefetch abort and how it was resolved ({@code mapped}, {@code copy-on-write},
     * {@code device}, {@code sigsegv}, ...: one word). {@code pc} 0 is the kernel's own access.
     */
    record PageFault(long index, int thread, int pc, int address, FaultAccess access, String resolution)
            implements TraceEvent {
        public String kind() {
            return "fault";
        }
    }

    /** The CPU passed from thread {@code from} to {@code thread}. */
    record ContextSwitch(long index, int thread, int from) implements TraceEvent {
        public String kind() {
            return "switch";
        }
    }

    /** An undefined instruction, reported to the thread's pager. */
    record UndefinedInstruction(long index, int thread, int pc, int encoding) implements TraceEvent {
        public String kind() {
            return "undef";
        }
    }

    /**
     * A Linux thread took signal {@code signal} (si_code {@code code}): its handler at {@code handler}
     * runs next (odd: Thumb), or, {@code byDefault}, the signal's default action ended its process.
     */
    record Signal(long index, int thread, int signal, int code, int handler, boolean byDefault) implements TraceEvent {
        public String kind() {
            return "signal";
        }
    }

    /** A task's first thread began running {@code program}. */
    record TaskStart(long index, int thread, String program) implements TraceEvent {
        public String kind() {
            return "start";
        }
    }

    /** A thread's task ended with {@code status} (as a shell shows it). */
    record TaskExit(long index, int thread, int status) implements TraceEvent {
        public String kind() {
            return "exit";
        }
    }
}
