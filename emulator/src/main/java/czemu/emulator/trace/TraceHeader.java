package czemu.emulator.trace;

/**
 * What a trace is: where it came from, whether its records are instructions or translation blocks,
 * and the program it ran (a path or just a name; "" when unknown).
 */
public record TraceHeader(TraceFormat format, Granularity granularity, String program) {

    /** What one instruction record stands for. */
    public enum Granularity {
        /** every executed instruction */
        INSTRUCTION,
        /** the first instruction of every executed block (QEMU without -singlestep, UC_HOOK_BLOCK) */
        BLOCK
    }
}
