package io.github.resnetspi.training.data;

import io.github.resnetspi.api.Causes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Function;

/**
 * Where datasets are looked for. A directory the user named, with {@code --data-dir} or else with environment
 * variable {@value #ENV}, is the only place looked (as it is and with a {@code <dataset>} sub-directory): it must
 * exist, and missing files are downloaded into it, never looked for elsewhere, so a typo cannot silently train on
 * other data. Otherwise {@code /usr/share/datasets/<dataset>} (Debian's {@code dataset-fashion-mnist} installs
 * Fashion-MNIST there) and then the user cache {@code ~/.cache/resnet-spi/<dataset>} are looked in, and missing data
 * is downloaded into the cache. Downloads are verified before they are used.
 */
public final class DataLocator {
    public static final String ENV = "RESNETSPI_DATA";
    public static final Path SYSTEM_ROOT = Path.of("/usr/share/datasets");

    private final Path named;
    private final String namedBy;
    private final Path systemRoot;
    private final Path cacheRoot;
    private final Fetcher fetcher;

    public DataLocator(Path explicitDir, Function<String, String> env, Path systemRoot, Path cacheRoot, Fetcher fetcher) {
        String fromEnv = env.apply(ENV);
        if (explicitDir != null) {
            this.named = explicitDir;
            this.namedBy = "the data directory";
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            this.named = Path.of(fromEnv.trim());
            this.namedBy = "the data directory " + ENV + " names";
        } else {
            this.named = null;
            this.namedBy = null;
        }
        this.systemRoot = systemRoot;
        this.cacheRoot = cacheRoot;
        this.fetcher = fetcher;
    }

    /** The standard lookup with the real environment, home directory and HTTP downloads. */
    public static DataLocator standard(Path explicitDir) {
        return new DataLocator(explicitDir, System::getenv, SYSTEM_ROOT,
                Path.of(System.getProperty("user.home"), ".cache", "resnet-spi"), Fetcher.http());
    }

    /**
     * After a failed download: has {@code apt} install Debian package {@code pkg} (into the system directory, when the
     * lookup includes it) and returns the directory in which {@code present} then holds. Throws {@code failed} as it is
     * when apt-get was not tried, with apt-get's reason added when it was tried and did not help.
     */
    public Path fromSystemPackage(String dataset, String pkg, Predicate<Path> present, AptInstaller apt,
                                  DatasetException failed) {
        Path system = systemRoot.resolve(dataset);
        if (!candidates(dataset).contains(system)) {
            throw failed; // a directory the user named is the only place looked: installing elsewhere cannot help
        }
        AptInstaller.Outcome o = apt.install(pkg);
        if (!o.attempted()) {
            throw failed;
        }
        if (!o.installed()) {
            throw new DatasetException(failed.problem() + " Installing Debian's " + pkg + " failed too: " + o.detail(), failed,
                    failed.otherDirectoryMayHelp());
        }
        Path dir = find(dataset, present);
        if (dir == null) {
            throw new DatasetException(failed.problem() + " apt-get installed " + pkg + ", but " + system
                    + " still lacks the files", failed, failed.otherDirectoryMayHelp());
        }
        return dir;
    }

    /** @return whether the user named the one directory looked in (with --data-dir or {@value #ENV}) */
    public boolean namedByUser() {
        return named != null;
    }

    /** Candidate directories for {@code dataset}, in lookup order, without duplicates. */
    public List<Path> candidates(String dataset) {
        Set<Path> out = new LinkedHashSet<>();
        if (named != null) {
            out.add(named);
            out.add(named.resolve(dataset));
        } else {
            out.add(systemRoot.resolve(dataset));
            out.add(cacheRoot.resolve(dataset));
        }
        return new ArrayList<>(out);
    }

    /** Where downloads go: the named directory if there is one, else the user cache. */
    public Path downloadDir(String dataset) {
        return named != null ? named : cacheRoot.resolve(dataset);
    }

    /**
     * The first candidate directory in which {@code present} holds, or null. {@code present} receives a directory.
     *
     * @throws DatasetException if the user named a directory that does not exist
     */
    public Path find(String dataset, Predicate<Path> present) {
        if (named != null && !Files.isDirectory(named)) {
            throw new DatasetException(namedBy + ", " + named + ", " + (Files.exists(named) ? "is not a directory"
                    : "does not exist") + ": name the directory that holds the " + dataset + " files");
        }
        for (Path dir : candidates(dataset)) {
            if (Files.isDirectory(dir) && present.test(dir)) {
                return dir;
            }
        }
        return null;
    }

    /**
     * Downloads {@code url} to {@code dir/fileName} through a temporary file, checking its MD5 (the digest the
     * dataset's authors publish) before the final rename, so a failed or corrupt download never looks complete.
     */
    public Path download(URI url, Path dir, String fileName, String md5) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, fileName, ".part");
        try {
            fetcher.fetch(url, tmp);
            String got = md5(tmp);
            if (!got.equalsIgnoreCase(md5)) {
                throw new DatasetException("downloaded " + url + " has MD5 " + got + ", expected " + md5
                        + ": the download is corrupt; try again or fetch the file by hand");
            }
            Path target = dir.resolve(fileName);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A failed download's reason for a message that names the directory already, in words ({@link Causes}). */
    static String reason(IOException e) {
        return Causes.about(e);
    }

    static String md5(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A description of the lookup for messages: every candidate directory in order, and who named them. */
    public String describe(String dataset) {
        String dirs = String.join(" and ", candidates(dataset).stream().map(Path::toString).toList());
        return named != null ? dirs + " (" + namedBy + ")" : dirs;
    }
}
