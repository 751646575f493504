package io.github.resnetspi.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Finds the Maven coordinates of the jar a class was loaded from, from the {@code pom.properties} Maven puts in it. */
final class Artifacts {
    private Artifacts() {
    }

    /**
     * @param type a class
     * @return {@code groupId:artifactId} of the jar it comes from, or null when it is not in a Maven-built jar with
     *         exactly one {@code pom.properties}
     */
    static String of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return null; // a classes directory (an IDE, Maven's reactor before packaging): no pom.properties
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                List<JarEntry> poms = new ArrayList<>();
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                        poms.add(entry);
                    }
                }
                if (poms.size() != 1) {
                    return null; // a shaded jar holds several: which one provides the class is not knowable here
                }
                Properties p = new Properties();
                try (InputStream in = jar.getInputStream(poms.get(0))) {
                    p.load(in);
                }
                String g = p.getProperty("groupId");
                String a = p.getProperty("artifactId");
                return g == null || a == null ? null : g + ":" + a;
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null; // the coordinates only improve a message; without them it names the backend alone
        }
    }
}
