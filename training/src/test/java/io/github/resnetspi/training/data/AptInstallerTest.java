package io.github.resnetspi.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Installing Debian's dataset package when a download failed")
class AptInstallerTest {
    @TempDir
    Path tmp;

    /**
     * A machine: what each command answers (several answers to one command are given in turn, the last one
     * repeated); a command without answers does not exist. Records what was run; {@code onInstall} runs when an
     * apt-get install succeeds.
     */
    static final class FakeMachine implements AptInstaller.Commands {
        final Map<String, Deque<AptInstaller.Result>> answers = new HashMap<>();
        final List<String> ran = new ArrayList<>();
        Runnable onInstall = () -> { };

        FakeMachine answer(String command, int code, String output) {
            answers.computeIfAbsent(command, k -> new ArrayDeque<>()).add(new AptInstaller.Result(code, output));
            return this;
        }

        @Override
        public AptInstaller.Result run(List<String> command) throws IOException {
            String line = String.join(" ", command);
            ran.add(line);
            Deque<AptInstaller.Result> q = answers.get(line);
            if (q == null) {
                throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
            }
            AptInstaller.Result r = q.size() > 1 ? q.poll() : q.peek();
            if (line.contains("apt-get install") && r.exitCode() == 0) {
                onInstall.run();
            }
            return r;
        }
    }

    static final String INSTALL = "env DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist";

    static FakeMachine debian() {
        return new FakeMachine().answer("sh -c command -v apt-get", 0, "/usr/bin/apt-get\n");
    }

    static AptInstaller installer(FakeMachine m, Map<String, String> env, List<String> notices) {
        Function<String, String> e = env::get;
        return new AptInstaller(e, m, notices::add);
    }

    @Test
    @DisplayName("as root: installs with apt-get, saying so in one line first")
    void root() {
        FakeMachine m = debian().answer("id -u", 0, "0\n").answer(INSTALL, 0, "Setting up dataset-fashion-mnist");
        List<String> notices = new ArrayList<>();
        AptInstaller.Outcome o = installer(m, Map.of(), notices).install("dataset-fashion-mnist");
        assertThat(o.attempted()).isTrue();
        assertThat(o.installed()).isTrue();
        assertThat(m.ran).containsExactly("sh -c command -v apt-get", "id -u", INSTALL);
        assertThat(notices).containsExactly("installing Debian's dataset-fashion-mnist with '" + INSTALL
                + "' (set RESNETSPI_NO_APT=1 to turn this off)");
    }

    @Test
    @DisplayName("not root but passwordless sudo: installs through sudo -n")
    void sudo() {
        FakeMachine m = debian().answer("id -u", 0, "1000\n").answer("sudo -n true", 0, "")
                .answer("sudo -n " + INSTALL, 0, "");
        AptInstaller.Outcome o = installer(m, Map.of(), new ArrayList<>()).install("dataset-fashion-mnist");
        assertThat(o.installed()).isTrue();
        assertThat(m.ran).endsWith("sudo -n " + INSTALL);
    }

    @Test
    @DisplayName("not root and sudo asks for a password: nothing is run, and nothing is said")
    void noSudo() {
        FakeMachine m = debian().answer("id -u", 0, "1000\n").answer("sudo -n true", 1, "sudo: a password is required");
        List<String> notices = new ArrayList<>();
        AptInstaller.Outcome o = installer(m, Map.of(), notices).install("dataset-fashion-mnist");
        assertThat(o.attempted()).isFalse();
        assertThat(o.detail()).contains("not root").contains("sudo -n");
        assertThat(m.ran).noneMatch(l -> l.contains("apt-get install"));
        assertThat(notices).isEmpty();
    }

    @Test
    @DisplayName("no sudo at all, no apt-get, or RESNETSPI_NO_APT=1: not attempted")
    void notAttempted() {
        FakeMachine noSudo = debian().answer("id -u", 0, "1000\n");
        assertThat(installer(noSudo, Map.of(), new ArrayList<>()).install("dataset-fashion-mnist").attempted()).isFalse();

        FakeMachine noApt = new FakeMachine().answer("sh -c command -v apt-get", 1, "");
        AptInstaller.Outcome o = installer(noApt, Map.of(), new ArrayList<>()).install("dataset-fashion-mnist");
        assertThat(o.attempted()).isFalse();
        assertThat(o.detail()).contains("apt-get is not on the PATH");

        FakeMachine root = debian().answer("id -u", 0, "0\n").answer(INSTALL, 0, "");
        AptInstaller.Outcome off = installer(root, Map.of(AptInstaller.DISABLE_ENV, "1"), new ArrayList<>())
                .install("dataset-fashion-mnist");
        assertThat(off.attempted()).isFalse();
        assertThat(off.detail()).isEqualTo("RESNETSPI_NO_APT is set");
        assertThat(root.ran).isEmpty();
        // 0 or empty does not turn it off
        assertThat(installer(root, Map.of(AptInstaller.DISABLE_ENV, "0"), new ArrayList<>()).install("dataset-fashion-mnist")
                .installed()).isTrue();
    }

    @Test
    @DisplayName("empty package lists (a fresh container): apt-get update, then the install again")
    void update() {
        FakeMachine m = debian().answer("id -u", 0, "0\n")
                .answer(INSTALL, 100, "E: Unable to locate package dataset-fashion-mnist")
                .answer(INSTALL, 0, "Setting up dataset-fashion-mnist")
                .answer("env DEBIAN_FRONTEND=noninteractive apt-get update -q", 0, "Reading package lists...");
        AptInstaller.Outcome o = installer(m, Map.of(), new ArrayList<>()).install("dataset-fashion-mnist");
        assertThat(o.installed()).isTrue();
        assertThat(m.ran).containsSubsequence(INSTALL, "env DEBIAN_FRONTEND=noninteractive apt-get update -q", INSTALL);
    }

    @Test
    @DisplayName("a failing apt-get is reported with its last line")
    void fails() {
        FakeMachine m = debian().answer("id -u", 0, "0\n").answer(INSTALL, 100,
                "Reading package lists...\nE: Could not get lock /var/lib/dpkg/lock-frontend\n");
        AptInstaller.Outcome o = installer(m, Map.of(), new ArrayList<>()).install("dataset-fashion-mnist");
        assertThat(o.attempted()).isTrue();
        assertThat(o.installed()).isFalse();
        assertThat(o.detail()).isEqualTo("apt-get install failed (exit 100): E: Could not get lock /var/lib/dpkg/lock-frontend");
    }

    @Test
    @DisplayName("dataset lookup: after a failed download the package is installed and the system directory used")
    void locatorUsesPackage() throws Exception {
        Path system = tmp.resolve("system");
        FakeMachine m = debian().answer("id -u", 0, "0\n").answer(INSTALL, 0, "");
        m.onInstall = () -> {
            try {
                Files.writeString(Files.createDirectories(system.resolve("fashion-mnist")).resolve("marker"), "x");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        DataLocator l = new DataLocator(null, k -> null, system, tmp.resolve("cache"), Fetcher.offline());
        DatasetException failed = new DatasetException("Fashion-MNIST was not found and downloading failed.");
        Path dir = l.fromSystemPackage("fashion-mnist", "dataset-fashion-mnist", d -> Files.exists(d.resolve("marker")),
                installer(m, Map.of(), new ArrayList<>()), failed);
        assertThat(dir).isEqualTo(system.resolve("fashion-mnist"));
    }

    @Test
    @DisplayName("dataset lookup: without apt-get today's message stands; a failed install is added to it")
    void locatorMessages() {
        DataLocator l = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        DatasetException failed = new DatasetException("Fashion-MNIST was not found and downloading failed.");
        FakeMachine noApt = new FakeMachine().answer("sh -c command -v apt-get", 1, "");
        assertThatThrownBy(() -> l.fromSystemPackage("fashion-mnist", "dataset-fashion-mnist", d -> false,
                installer(noApt, Map.of(), new ArrayList<>()), failed)).isSameAs(failed);
        FakeMachine broken = debian().answer("id -u", 0, "0\n").answer(INSTALL, 100, "E: Sub-process /usr/bin/dpkg returned an error code (1)");
        assertThatThrownBy(() -> l.fromSystemPackage("fashion-mnist", "dataset-fashion-mnist", d -> false,
                installer(broken, Map.of(), new ArrayList<>()), failed)).isInstanceOf(DatasetException.class)
                .hasMessage("Fashion-MNIST was not found and downloading failed. Installing Debian's dataset-fashion-mnist "
                        + "failed too: apt-get install failed (exit 100): E: Sub-process /usr/bin/dpkg returned an error code (1)" + " (see docs/errors.md#dataset)");
        FakeMachine emptyPackage = debian().answer("id -u", 0, "0\n").answer(INSTALL, 0, "");
        assertThatThrownBy(() -> l.fromSystemPackage("fashion-mnist", "dataset-fashion-mnist", d -> false,
                installer(emptyPackage, Map.of(), new ArrayList<>()), failed)).hasMessageContaining("still lacks the files");
    }

    @Test
    @DisplayName("Fashion-MNIST missing and offline: the package is tried before giving up, and its failure is told")
    void fashionMnistWiring() {
        DataLocator l = new DataLocator(null, k -> null, tmp.resolve("system"), tmp.resolve("cache"), Fetcher.offline());
        FakeMachine m = debian().answer("id -u", 0, "0\n").answer(INSTALL, 100, "E: Unable to fetch some archives");
        m.answer("env DEBIAN_FRONTEND=noninteractive apt-get update -q", 0, "");
        List<String> notices = new ArrayList<>();
        assertThatThrownBy(() -> FashionMnist.load(l, installer(m, Map.of(), notices))).isInstanceOf(DatasetException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist").hasMessageContaining("name it as the data directory")
                .hasMessageEndingWith("Installing Debian's dataset-fashion-mnist failed too: apt-get install failed (exit 100): "
                        + "E: Unable to fetch some archives" + " (see docs/errors.md#dataset)");
        assertThat(notices).hasSize(1);
        assertThat(m.ran).contains(INSTALL);
    }

    @Test
    @DisplayName("a data directory the user named is the only place looked: no package is installed for it")
    void namedDirectory() {
        DataLocator l = new DataLocator(tmp.resolve("mine"), k -> null, tmp.resolve("system"), tmp.resolve("cache"),
                Fetcher.offline());
        DatasetException failed = new DatasetException("not found");
        FakeMachine m = debian().answer("id -u", 0, "0\n").answer(INSTALL, 0, "");
        assertThatThrownBy(() -> l.fromSystemPackage("fashion-mnist", "dataset-fashion-mnist", d -> false,
                installer(m, Map.of(), new ArrayList<>()), failed)).isSameAs(failed);
        assertThat(m.ran).isEmpty();
    }
}
