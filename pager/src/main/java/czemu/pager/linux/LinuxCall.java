package czemu.pager.linux;

/**
 * One Linux system call's handler: arguments in r0..r6 of the caller, the result (a value, or a
 * negative errno) for r0. A handler that blocks its caller uses {@link Blocking}.
 */
@FunctionalInterface
public interface LinuxCall {
    int handle(Call call);
}
