package czemu.pager.linux.fs;

import czemu.kernel.thread.Tcb;
import czemu.pager.fs.Directory;
import czemu.pager.fs.MemFs;
import czemu.pager.fs.RegularFile;
import czemu.pager.fs.Vnode;
import czemu.pager.linux.Call;
import czemu.pager.linux.GuestMemory;
import czemu.pager.linux.LinuxCallTable;
import czemu.pager.linux.LinuxSystem;
import czemu.pager.linux.abi.LinuxAbi;
import czemu.pager.linux.process.LinuxProcess;
import czemu.pager.linux.process.Processes;
import czemu.pager.linux.signal.Signals;
import java.nio.ByteBuffer;

import static czemu.pager.linux.abi.LinuxSyscalls.*;

/**
 * Open files: open/openat/creat, close, read/write and their vector and positional forms, lseek,
 * dup/dup2/dup3, fcntl, pipe/pipe2, ioctl on terminals, ftruncate, fsync, sendfile64 and umask. A
 * read or write that must wait (an empty pipe, a full one, the host's stdin) parks only its thread
 * and retries when the other side moves; a write nobody can read raises SIGPIPE and fails with -EPIPE.
 */
public final class FileCalls {
    private final LinuxSystem system;
    private final Processes processes;
    private final PathResolver paths;
    private final GuestMemory memory;
    private int nextPipeInode = 1;

    public FileCalls(LinuxSystem system, Processes processes, PathResolver paths) {
        this.system = system;
        this.processes = processes;
        this.paths = paths;
        this.memory = system.memory();
    }

    public void registerIn(LinuxCallTable table) {
        table.add(READ, "dxu", this::read);
        table.add(WRITE, "dxu", this::write);
        table.add(READV, "dxd", call -> vector(call, false));
        table.add(WRITEV, "dxd", call -> vector(call, true));
        table.add(PREAD64, "dxu_l", this::pread);
        table.add(PWRITE64, "dxu_l", this::pwrite);
        table.add(OPEN, "sfo", call -> open(call, LinuxAbi.AT_FDCWD, call.arg(0), call.arg(1), call.arg(2)));
        table.add(OPENAT, "asfo", call -> open(call, call.arg(0), call.arg(1), call.arg(2), call.arg(3)));
        table.add(CREAT, "so", call -> open(call, LinuxAbi.AT_FDCWD, call.arg(0),
                LinuxAbi.O_CREAT | LinuxAbi.O_WRONLY | LinuxAbi.O_TRUNC, call.arg(1)));
        table.add(CLOSE, "d", call -> call.process().files().close(call.arg(0)));
        table.add(LSEEK, "ddd", this::lseek);
        table.add(LLSEEK, "dxxxd", this::llseek);
        table.add(DUP, "d", call -> dup(call.process(), call.arg(0), 0, false));
        table.add(DUP2, "dd", call -> dup2(call, 0));
        table.add(DUP3, "ddf", call -> dup3(call));
        table.add(FCNTL, "ddx", this::fcntl);
        table.add(FCNTL64, "ddx", this::fcntl);
        table.add(PIPE, "x", call -> pipe(call, 0));
        table.add(PIPE2, "xf", call -> pipe(call, call.arg(1)));
        table.add(IOCTL, "dxx", this::ioctl);
        table.add(FTRUNCATE, "dd", call -> truncate(call, call.arg(1)));
        table.add(FTRUNCATE64, "d_l", call -> truncate(call, call.arg64(2)));
        table.add(FSYNC, "d", this::sync);
        table.add(FDATASYNC, "d", this::sync);
        table.add(SYNC, "", call -> 0);
        table.add(SENDFILE64, "ddxu", this::sendfile);
        table.add(UMASK, "o", call -> {
            int old = call.process().umask();
            call.process().setUmask(call.arg(0) & 0777);
            return old;
        });
    }

    /** The standard streams a first process starts with: the host terminal's stdin, stdout and stderr. */
    public static LinuxFiles terminalFiles(LinuxSystem system) {
        LinuxFiles files = new LinuxFiles();
        files.install(new TerminalInput(system.terminal(), system.blocking()), false, 0);
        files.install(new TerminalOutput(system.terminal(), false), false, 1);
        files.install(new TerminalOutput(system.terminal(), true), false, 2);
        return files;
    }

    // ---- read and write ------------------------------------------------------------------------

    private int read(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        int count = clamp(call.arg(2));
        int buffer = call.arg(1);
        if (count > 0 && !call.task().vm().covers(buffer, count)) return -LinuxAbi.EFAULT;
        Io io = file.read(count);
        if (io.mustWait()) return system.blocking().retryWhenWoken(call, io.waitOn(), "a read of fd " + call.arg(0));
        return deliver(call.tcb(), buffer, io);
    }

    private int write(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        byte[] data = memory.read(call.tcb(), call.arg(1), clamp(call.arg(2)));
        if (data == null) return -LinuxAbi.EFAULT;
        return written(call, file.write(data));
    }

    private int pread(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        int count = clamp(call.arg(2));
        if (count > 0 && !call.task().vm().covers(call.arg(1), count)) return -LinuxAbi.EFAULT;
        return deliver(call.tcb(), call.arg(1), file.readAt(call.arg64(4), count));
    }

    private int pwrite(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        byte[] data = memory.read(call.tcb(), call.arg(1), clamp(call.arg(2)));
        if (data == null) return -LinuxAbi.EFAULT;
        return written(call, file.writeAt(call.arg64(4), data));
    }

    /** readv and writev: the iovec array {base, length} in r1, its length in r2; served as one transfer. */
    private int vector(Call call, boolean write) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        int entries = call.arg(2);
        if (entries < 0 || entries > 1024) return -LinuxAbi.EINVAL;
        byte[] raw = memory.read(call.tcb(), call.arg(1), 8 * entries);
        if (raw == null) return -LinuxAbi.EFAULT;
        ByteBuffer iov = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] bases = new int[entries], lengths = new int[entries];
        long total = 0;
        for (int i = 0; i < entries; i++) {
            bases[i] = iov.getInt();
            lengths[i] = iov.getInt();
            if (lengths[i] < 0) return -LinuxAbi.EINVAL;
            total += lengths[i];
        }
        int limit = (int) Math.min(total, GuestMemory.MAX_TRANSFER);
        if (write) {
            ByteBuffer gathered = ByteBuffer.allocate(limit);
            for (int i = 0; i < entries && gathered.hasRemaining(); i++) {
                byte[] part = memory.read(call.tcb(), bases[i], Math.min(lengths[i], gathered.remaining()));
                if (part == null) return -LinuxAbi.EFAULT;
                gathered.put(part);
            }
            return written(call, file.write(gathered.array()));
        }
        for (int i = 0; i < entries; i++) {
            if (lengths[i] > 0 && !call.task().vm().covers(bases[i], lengths[i])) return -LinuxAbi.EFAULT;
        }
        Io io = file.read(limit);
        if (io.mustWait()) return system.blocking().retryWhenWoken(call, io.waitOn(), "a read of fd " + call.arg(0));
        if (io.result() < 0) return io.result();
        int done = 0;
        for (int i = 0; i < entries && done < io.data().length; i++) {
            int n = Math.min(lengths[i], io.data().length - done);
            if (!memory.write(call.tcb(), bases[i], java.util.Arrays.copyOfRange(io.data(), done, done + n))) return -LinuxAbi.EFAULT;
            done += n;
        }
        return done;
    }

    private int deliver(Tcb thread, int buffer, Io io) {
        if (io.result() <= 0 || io.data() == null) return io.result();
        return memory.write(thread, buffer, io.data()) ? io.data().length : -LinuxAbi.EFAULT;
    }

    private int written(Call call, Io io) {
        if (io.mustWait()) return system.blocking().retryWhenWoken(call, io.waitOn(), "a write to fd " + call.arg(0));
        if (io.result() == -LinuxAbi.EPIPE) {
            processes.signals().send(call.process(), Signals.fromUser(call, LinuxAbi.SIGPIPE, LinuxAbi.SI_USER));
        }
        return io.result();
    }

    /** A count as the unsigned size_t it is, at most one transfer's worth. */
    private static int clamp(int count) {
        return (int) Math.min(Integer.toUnsignedLong(count), GuestMemory.MAX_TRANSFER);
    }

    // ---- opening --------------------------------------------------------------------------------

    private int open(Call call, int dirFd, int pathAddress, int flags, int mode) {
        String path = memory.string(call.tcb(), pathAddress);
        if (path == null) return -LinuxAbi.EFAULT;
        LinuxProcess process = call.process();
        boolean cloexec = (flags & LinuxAbi.O_CLOEXEC) != 0;
        int kept = flags & (LinuxAbi.O_ACCMODE | LinuxAbi.O_APPEND | LinuxAbi.O_NONBLOCK | LinuxAbi.O_LARGEFILE | LinuxAbi.O_DIRECTORY);
        if (PathResolver.absolute(process.cwd(), path).equals(NullDevice.PATH)) {
            return process.files().install(new NullDevice(kept), cloexec, 0);
        }
        MemFs.Lookup found = paths.lookup(process, dirFd, path);
        boolean writing = (flags & LinuxAbi.O_ACCMODE) != LinuxAbi.O_RDONLY;
        if (found.error() == -LinuxAbi.ENOENT && (flags & LinuxAbi.O_CREAT) != 0) {
            PathResolver.Base base = paths.base(process, dirFd, path);
            if (base.error() != 0) return base.error();
            found = paths.fs().createFile(base.directory(), path);
        } else if (found.error() == 0) {
            if ((flags & (LinuxAbi.O_CREAT | LinuxAbi.O_EXCL)) == (LinuxAbi.O_CREAT | LinuxAbi.O_EXCL)) return -LinuxAbi.EEXIST;
            Vnode node = found.node();
            if (node instanceof Directory && (writing || (flags & LinuxAbi.O_CREAT) != 0)) return -LinuxAbi.EISDIR;
            if (node instanceof RegularFile file) {
                if ((flags & LinuxAbi.O_DIRECTORY) != 0) return -LinuxAbi.ENOTDIR;
                if (writing && file.readOnly()) return -LinuxAbi.EACCES;
                if (writing && (flags & LinuxAbi.O_TRUNC) != 0) {
                    file.truncate(0);
                    system.pageCache().apply(file).fileWritten(0, 1);
                }
            }
        }
        if (found.error() != 0) return found.error();
        return process.files().install(new MemFsFile(found.node(), kept, system.pageCache(), system.fileSystemTime()), cloexec, 0);
    }

    // ---- cursors, descriptors, flags ----------------------------------------------------------

    private int lseek(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        long position = file.seek(call.arg(1), call.arg(2));
        if (position < 0) return (int) position;
        return position > Integer.MAX_VALUE ? -LinuxAbi.EOVERFLOW : (int) position;
    }

    /** _llseek(fd, offset_high, offset_low, loff_t *result, whence). */
    private int llseek(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        long offset = (long) call.arg(1) << 32 | Integer.toUnsignedLong(call.arg(2));
        long position = file.seek(offset, call.arg(4));
        if (position < 0) return (int) position;
        byte[] result = GuestMemory.structure(8).putLong(position).array();
        return memory.write(call.tcb(), call.arg(3), result) ? 0 : -LinuxAbi.EFAULT;
    }

    private int dup(LinuxProcess process, int fd, int lowest, boolean cloexec) {
        OpenFileDescription file = process.files().get(fd);
        if (file == null) return -LinuxAbi.EBADF;
        if (lowest < 0 || lowest >= LinuxFiles.MAX) return -LinuxAbi.EINVAL;
        file.retain();
        return process.files().install(file, cloexec, lowest);
    }

    private int dup2(Call call, int flags) {
        LinuxFiles files = call.process().files();
        if (files.get(call.arg(0)) == null) return -LinuxAbi.EBADF;
        return files.duplicateTo(call.arg(0), call.arg(1), (flags & LinuxAbi.O_CLOEXEC) != 0);
    }

    private int dup3(Call call) {
        if (call.arg(0) == call.arg(1) || (call.arg(2) & ~LinuxAbi.O_CLOEXEC) != 0) return -LinuxAbi.EINVAL;
        return dup2(call, call.arg(2));
    }

    private int fcntl(Call call) {
        LinuxProcess process = call.process();
        int fd = call.arg(0), argument = call.arg(2);
        OpenFileDescription file = process.files().get(fd);
        if (file == null) return -LinuxAbi.EBADF;
        return switch (call.arg(1)) {
            case LinuxAbi.F_DUPFD -> dup(process, fd, argument, false);
            case LinuxAbi.F_DUPFD_CLOEXEC -> dup(process, fd, argument, true);
            case LinuxAbi.F_GETFD -> process.files().closeOnExec(fd) ? LinuxAbi.FD_CLOEXEC : 0;
            case LinuxAbi.F_SETFD -> {
                process.files().setCloseOnExec(fd, (argument & LinuxAbi.FD_CLOEXEC) != 0);
                yield 0;
            }
            case LinuxAbi.F_GETFL -> file.flags();
            case LinuxAbi.F_SETFL -> {
                file.setStatusFlags(argument);
                yield 0;
            }
            // No other machine shares these files: every lock is granted, and a probe finds none.
            case LinuxAbi.F_SETLK, LinuxAbi.F_SETLKW, LinuxAbi.F_SETLK64, LinuxAbi.F_SETLKW64 -> 0;
            case LinuxAbi.F_GETLK, LinuxAbi.F_GETLK64 -> memory.write(call.tcb(), argument, new byte[] {2, 0}) ? 0 : -LinuxAbi.EFAULT;
            default -> -LinuxAbi.EINVAL;
        };
    }

    private int pipe(Call call, int flags) {
        if ((flags & ~(LinuxAbi.O_CLOEXEC | LinuxAbi.O_NONBLOCK)) != 0) return -LinuxAbi.EINVAL;
        if (!call.task().vm().covers(call.arg(0), 8)) return -LinuxAbi.EFAULT;
        LinuxFiles files = call.process().files();
        PipeEnd[] ends = new Pipe(system.blocking(), nextPipeInode++).open(flags & LinuxAbi.O_NONBLOCK);
        boolean cloexec = (flags & LinuxAbi.O_CLOEXEC) != 0;
        int readFd = files.install(ends[0], cloexec, 0);
        if (readFd < 0) {
            ends[1].release();
            return readFd;
        }
        int writeFd = files.install(ends[1], cloexec, 0);
        if (writeFd < 0) {
            files.close(readFd);
            return writeFd;
        }
        if (!memory.writeInts(call.tcb(), call.arg(0), readFd, writeFd)) {
            files.close(readFd);
            files.close(writeFd);
            return -LinuxAbi.EFAULT;
        }
        return 0;
    }

    /** ioctl: the terminal requests programs ask at start-up, and FIONREAD/FIONBIO. */
    private int ioctl(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        int request = call.arg(1), argument = call.arg(2);
        switch (request) {
            case LinuxAbi.FIONBIO -> {
                Integer on = memory.readInt(call.tcb(), argument);
                if (on == null) return -LinuxAbi.EFAULT;
                file.setStatusFlags(on != 0 ? file.flags() | LinuxAbi.O_NONBLOCK : file.flags() & ~LinuxAbi.O_NONBLOCK);
                return 0;
            }
            case LinuxAbi.FIONREAD -> {
                int available = file instanceof PipeEnd pipe ? pipe.available() : 0;
                return memory.writeInt(call.tcb(), argument, available) ? 0 : -LinuxAbi.EFAULT;
            }
            default -> {
                if (!file.isTerminal()) return -LinuxAbi.ENOTTY;
                return TerminalControl.ioctl(memory, call.tcb(), call.process(), request, argument);
            }
        }
    }

    private int truncate(Call call, long length) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        return file.truncate(length);
    }

    private int sync(Call call) {
        OpenFileDescription file = call.process().files().get(call.arg(0));
        if (file == null) return -LinuxAbi.EBADF;
        if (file.node() instanceof RegularFile regular) system.pageCache().apply(regular).flush();
        return 0;
    }

    /**
     * sendfile64(out, in, loff_t *offset, count): from a memfs file to anything. Only what the output
     * took is consumed, so a full pipe makes the caller wait with nothing lost. An input that is not a
     * memfs file answers -EINVAL, as older kernels do, and programs fall back to read and write.
     */
    private int sendfile(Call call) {
        LinuxFiles files = call.process().files();
        OpenFileDescription out = files.get(call.arg(0)), in = files.get(call.arg(1));
        if (out == null || in == null) return -LinuxAbi.EBADF;
        if (!(in instanceof MemFsFile source) || !(source.node() instanceof RegularFile)) return -LinuxAbi.EINVAL;
        int offsetPointer = call.arg(2);
        long position = source.cursor();
        if (offsetPointer != 0) {
            byte[] raw = memory.read(call.tcb(), offsetPointer, 8);
            if (raw == null) return -LinuxAbi.EFAULT;
            position = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        }
        Io chunk = source.readAt(position, Math.min(clamp(call.arg(3)), LinuxAbi.PIPE_CAPACITY));
        if (chunk.result() < 0) return chunk.result();
        if (chunk.result() == 0) return 0;
        Io sent = out.write(chunk.data());
        if (sent.mustWait() || sent.result() < 0) return written(call, sent);
        position += sent.result();
        if (offsetPointer != 0) {
            if (!memory.write(call.tcb(), offsetPointer, GuestMemory.structure(8).putLong(position).array())) return -LinuxAbi.EFAULT;
        } else {
            source.setCursor(position);
        }
        return sent.result();
    }
}
