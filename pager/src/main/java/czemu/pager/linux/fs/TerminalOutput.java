package czemu.pager.linux.fs;

import czemu.pager.linux.abi.LinuxAbi;

/** Standard output or standard error of the host, as an open file description (write only). */
public final class TerminalOutput extends OpenFileDescription {
    private final LinuxTerminal terminal;
    private final boolean standardError;

    public TerminalOutput(LinuxTerminal terminal, boolean standardError) {
        super(LinuxAbi.O_WRONLY);
        this.terminal = terminal;
        this.standardError = standardError;
    }

    @Override
    public Io read(int count) {
        return Io.error(-LinuxAbi.EBADF);
    }

    @Override
    public Io write(byte[] data) {
        terminal.write(standardError, data, 0, data.length);
        return Io.count(data.length);
    }

    @Override
    public boolean isTerminal() {
        return terminal.isTerminal(standardError ? 2 : 1);
    }

    @Override
    public FileStatus status() {
        return TerminalInput.terminalStatus(isTerminal());
    }
}
