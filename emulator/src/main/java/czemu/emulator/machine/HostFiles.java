package czemu.emulator.machine;

import czemu.pager.Mm0;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies host files into mm0's memfs before a run ({@code --file HOST:GUEST}, {@code --root DIR}).
 * The guest sees copies, so nothing it does reaches the host, and no guest path can lead outside
 * what was imported: symbolic links are not followed. Imports are read-only (WRITE answers -EACCES)
 * unless asked otherwise, and capped in total size, since memfs lives in the JVM's memory.
 */
public final class HostFiles {
    static final long MAX_TOTAL_BYTES = 512L << 20;

    private final Mm0 pager;
    private final boolean writable;
    private long total;

    public HostFiles(Mm0 pager, boolean writable) {
        this.pager = pager;
        this.writable = writable;
    }

    /** {@code HOST:GUEST}: one host file at an absolute guest path. */
    public void importFile(String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1 || spec.charAt(colon + 1) != '/') {
            throw new IOException("--file " + spec + ": expected HOST:GUEST with an absolute GUEST path, e.g. data.txt:/data.txt");
        }
        Path host = Path.of(spec.substring(0, colon));
        if (!Files.isRegularFile(host)) throw new IOException("--file " + spec + ": " + host + " is not a readable file");
        install(spec.substring(colon + 1), host);
    }

    /** Every directory and regular file below {@code root}, at the same paths under the guest's "/". */
    public void importTree(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) throw new IOException("--root " + root + ": not a directory");
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String guest = guestPath(root, dir);
                if (!guest.equals("/")) pager.installDirectory(guest);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) install(guestPath(root, file), file); // links and devices stay out
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void install(String guest, Path host) throws IOException {
        long size = Files.size(host);
        if (total + size > MAX_TOTAL_BYTES) {
            throw new IOException(host + ": importing it would pass the " + (MAX_TOTAL_BYTES >> 20) + " MiB limit of host files");
        }
        total += size;
        try {
            pager.installFile(guest, Files.readAllBytes(host), !writable);
        } catch (IllegalArgumentException e) {
            throw new IOException(host + " -> " + e.getMessage());
        }
    }

    private static String guestPath(Path root, Path file) {
        StringBuilder guest = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!part.toString().isEmpty()) guest.append('/').append(part);
        }
        return guest.length() == 0 ? "/" : guest.toString();
    }
}
