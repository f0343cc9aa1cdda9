package czemu.emulator.gdb;

/**
 * What one thread does when the target resumes.
 *
 * @param step   true to execute one instruction and then stop ({@link StopEvent#stepped}), false
 *               to run until something stops the target
 * @param signal a GDB signal to deliver to the thread as it resumes (from {@code C}/{@code S}), or
 *               0 for none; the target may ignore signals it cannot deliver
 */
public record ResumeAction(boolean step, int signal) {
    public static final ResumeAction CONTINUE = new ResumeAction(false, 0);
    public static final ResumeAction STEP = new ResumeAction(true, 0);

    @Override
    public String toString() {
        return (step ? "step" : "continue") + (signal != 0 ? "(sig " + signal + ")" : "");
    }
}
