package czemu.kernel.arch.unicorn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Finds {@code libunicorn} (Unicorn 2.0.1, DESIGN.md §1) so that a fresh machine needs nothing but
 * Maven: in order, the path in the system property {@code czemu.unicorn.library}, the library the
 * unidbg-unicorn2 jar carries under {@code natives/<os>_<arch>/} (extracted once into a cache
 * directory, ~/.cache/czemu, with guest stores taken off Unicorn 2.0's slow path: {@link StoreFastPath}),
 * or the system's {@code libunicorn.so.2} (used as it is).
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
        java.net.URL url = UnicornLocator.class.getClassLoader().getResource(resource);
        if (url != null) {
            try {
                return extract(url);
            } catch (IOException e) {
                throw new UnicornException("cannot extract " + resource + ": " + e.getMessage());
            }
        }
        for (String candidate : new String[] {"/usr/lib/x86_64-linux-gnu/libunicorn.so.2", "/usr/lib/aarch64-linux-gnu/libunicorn.so.2", "/usr/lib/libunicorn.so.2"}) {
            if (Files.isReadable(Paths.get(candidate))) {
                return Paths.get(candidate);
            }
        }
        throw new UnicornException("no Unicorn 2 library: neither " + resource
                + " on the class path nor a system libunicorn.so.2 (set -D" + PROPERTY + "=PATH)");
    }

    /**
     * Extracts the library once per distinct build: the cached copy is named by the jar entry's CRC
     * and size, which the jar stores, so a start-up that finds it reads nothing of the 4 MB library.
     * The copy has guest stores taken off Unicorn 2.0's slow path ({@link StoreFastPath}) unless that
     * is switched off; the patched and the plain copy have different names.
     */
    private static Path extract(java.net.URL url) throws IOException {
        String identity;
        java.net.URLConnection connection = url.openConnection();
        if (connection instanceof java.net.JarURLConnection jar) {
            java.util.jar.JarEntry entry = jar.getJarEntry();
            identity = Long.toHexString(entry.getCrc()) + "-" + entry.getSize();
        } else {
            identity = "dir-" + Long.toHexString(connection.getLastModified()) + "-" + connection.getContentLengthLong();
        }
        boolean fastStores = StoreFastPath.enabled();
        Path dir = cacheDirectory();
        Path patched = dir.resolve("unicorn-" + identity + "-faststores-" + libraryFileName());
        Path plain = dir.resolve("unicorn-" + identity + "-" + libraryFileName());
        if (fastStores && Files.isReadable(patched)) return patched;
        if (Files.isReadable(plain) && (!fastStores || Files.exists(dir.resolve(plain.getFileName() + ".unpatchable")))) {
            return plain;
        }
        Files.createDirectories(dir);
        byte[] library;
        try (InputStream in = connection.getInputStream()) {
            library = in.readAllBytes();
        }
        Path target = plain;
        if (fastStores) {
            if (StoreFastPath.apply(library)) {
                target = patched;
            } else {
                // Another build of the library: run it as it is, and remember not to look again.
                Files.write(dir.resolve(plain.getFileName() + ".unpatchable"), new byte[0]);
            }
        }
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
