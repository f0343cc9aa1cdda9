package czemu.emulator.trace;

/**
 * One line of a timeline: an instruction a thread executed, or something the kernel did for it.
 * Every record carries an index (an instruction's place among the trace's instructions; for an
 * event, the index the next instruction will get) and the thread it belongs to.
 */
public sealed interface TraceRecord permits Instruction, TraceEvent {
    long index();

    int thread();
}
