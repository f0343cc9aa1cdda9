package czemu.kernel.arch.unicorn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Finds {@code libunicorn} (Unicorn 2.0.1, DESIGN.md §1) so that a fresh machine needs nothing but
 * Maven: in order, the path in the system property {@code czemu.unicorn.library}, the library the
 * unidbg-unicorn2 jar carries under {@code natives/<os>_<arch>/} (extracted once into a cache
 * directory named by its content hash), or the system's {@code libunicorn.so.2}.
 */
final class UnicornLocator {
    static final String PROPERTY = "czemu.unicorn.library";

    private UnicornLocator() {}

    static Path locate() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path path = Paths.get(explicit);
            if (!Files.isReadable(path)) {
                throw new UnicornException(PROPERTY + "=" + explicit + ": no such readable file");
            }
            return path;
        }
        String resource = "natives/" + platformDirectory() + "/" + libraryFileName();
        try (InputStream in = UnicornLocator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return extract(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UnicornException("cannot extract " + resource + ": " + e.getMessage());
        }
        for (String candidate : new String[] {"/usr/lib/x86_64-linux-gnu/libunicorn.so.2", "/usr/lib/aarch64-linux-gnu/libunicorn.so.2", "/usr/lib/libunicorn.so.2"}) {
            if (Files.isReadable(Paths.get(candidate))) {
                return Paths.get(candidate);
            }
        }
        throw new UnicornException("no Unicorn 2 library: neither " + resource
                + " on the class path nor a system libunicorn.so.2 (set -D" + PROPERTY + "=PATH)");
    }

    private static Path extract(byte[] library) throws IOException {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(library)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = cacheDirectory();
        Path target = dir.resolve("unicorn-" + hash + "-" + libraryFileName());
        if (Files.isReadable(target) && Files.size(target) == library.length) {
            return target;
        }
        Files.createDirectories(dir);
        // Write to a private temporary name first so concurrent JVMs never load a half-written file.
        Path temporary = Files.createTempFile(dir, "unicorn-", ".part");
        Files.write(temporary, library);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        if (!Files.isWritable(base.getParent() == null ? base : base.getParent()) && !Files.isWritable(base)) {
            base = Paths.get(System.getProperty("java.io.tmpdir"));
        }
        return base.resolve("czemu");
    }

    private static String platformDirectory() {
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        String osPart = os.contains("mac") ? "osx" : os.contains("win") ? "windows" : "linux";
        String archPart = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "64";
        return osPart + "_" + archPart;
    }

    private static String libraryFileName() {
        String os = System.getProperty("os.name").toLowerCase();
        return os.contains("mac") ? "libunicorn.dylib" : os.contains("win") ? "unicorn.dll" : "libunicorn.so";
    }
}
