package czemu.pager.linux.fs;

import czemu.kernel.thread.Tcb;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.process.LinuxProcess;
import java.nio.ByteBuffer;

/**
 * The terminal ioctls of a standard stream that is an interactive terminal: TCGETS answers a cooked
 * line discipline (what a shell finds), TCSETS* are accepted without changing the host's terminal,
 * TIOCGWINSZ answers 24 by 80, and the foreground process group is the caller's.
 */
final class TerminalControl {
    private TerminalControl() {}

    static int ioctl(GuestMemory memory, Tcb thread, LinuxProcess process, int request, int argument) {
        return switch (request) {
            case LinuxAbi.TCGETS -> {
                ByteBuffer termios = GuestMemory.structure(LinuxAbi.TERMIOS_SIZE);
                termios.putInt(LinuxAbi.TERMIOS_IFLAG).putInt(LinuxAbi.TERMIOS_OFLAG).putInt(LinuxAbi.TERMIOS_CFLAG)
                        .putInt(LinuxAbi.TERMIOS_LFLAG).put((byte) 0);
                // c_cc: VINTR ^C, VQUIT ^\, VERASE DEL, VKILL ^U, VEOF ^D, VTIME 0, VMIN 1 (asm-generic/termbits.h order)
                termios.put(new byte[] {3, 28, 127, 21, 4, 0, 1});
                yield memory.write(thread, argument, termios.array()) ? 0 : -LinuxAbi.EFAULT;
            }
            case LinuxAbi.TCSETS, LinuxAbi.TCSETSW, LinuxAbi.TCSETSF, LinuxAbi.TIOCSWINSZ, LinuxAbi.TIOCSPGRP -> 0;
            case LinuxAbi.TIOCGWINSZ -> {
                ByteBuffer size = GuestMemory.structure(LinuxAbi.WINSIZE_SIZE).putShort((short) 24).putShort((short) 80);
                yield memory.write(thread, argument, size.array()) ? 0 : -LinuxAbi.EFAULT;
            }
            case LinuxAbi.TIOCGPGRP -> memory.writeInt(thread, argument, process.processGroup()) ? 0 : -LinuxAbi.EFAULT;
            default -> -LinuxAbi.EINVAL;
        };
    }
}
