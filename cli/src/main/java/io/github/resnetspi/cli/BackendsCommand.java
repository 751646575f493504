package io.github.resnetspi.cli;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.Backends;
import io.github.resnetspi.api.Threads;
import io.github.resnetspi.cli.exec.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backends}: every provider found, its engine and version, whether it is available, devices, and gaps. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"List every backend found: engine and version, available or why not, devices, capabilities it lacks.",
                "Each engine is loaded in its own JVM (natives never share a process) unless --in-process is given."})
public final class BackendsCommand implements Callable<Integer> {
    @Option(names = "--in-process", description = "Load every engine in this JVM instead (faster, but engines share one process).")
    boolean inProcess;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        // A malformed thread setting is one error, not every engine's reason for being unavailable.
        Threads.processDefault();
        Backends found = Backends.discover();
        if (found.providers().isEmpty()) {
            out.println("no backend found on the class path");
        }
        for (Backend p : found.byPreference()) {
            Map<String, Object> d = inProcess ? BackendInfoCommand.describe(p) : inChild(p.name());
            print(out, d);
        }
        for (String problem : found.loadErrors()) {
            out.println("failed to load a provider: " + problem);
        }
        out.println("environment");
        found.settings().forEach((k, v) -> out.printf("  %s: %s%n", k, v));
        out.flush();
        return 0;
    }

    private Map<String, Object> inChild(String name) throws IOException {
        List<String> stdout = new ArrayList<>();
        List<String> stderr = new ArrayList<>();
        int code = ChildJvm.run(ChildJvm.command(name, List.of("backend-info", "--backend", name)),
                l -> {
                    synchronized (stdout) {
                        stdout.add(l);
                    }
                }, l -> {
                    synchronized (stderr) {
                        stderr.add(l);
                    }
                });
        for (String l : stdout) {
            if (l.startsWith(BackendInfoCommand.MARKER)) {
                return new Gson().fromJson(l.substring(BackendInfoCommand.MARKER.length()),
                        new TypeToken<LinkedHashMap<String, Object>>() { }.getType());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", name);
        m.put("available", false);
        m.put("problem", ChildJvm.errorOf(stderr, code));
        return m;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintWriter out, Map<String, Object> d) {
        boolean ok = Boolean.TRUE.equals(d.get("available"));
        out.printf("%s%n  engine:      %s %s%n  rank:        %s%n", d.get("backend"), or(d.get("engine")), or(d.get("version")),
                d.get("rank") instanceof Number n ? Integer.toString(n.intValue()) : "?");
        if (d.get("artifact") != null) {
            out.printf("  artifact:    %s%n", d.get("artifact"));
        }
        out.printf("  status:      %s%n", ok ? "available" : "unavailable: " + d.get("problem"));
        if (ok) {
            out.printf("  devices:     %s%n", String.join(", ", (List<String>) d.getOrDefault("devices", List.of())));
        }
        ((Map<String, String>) d.getOrDefault("details", Map.of())).forEach((k, v) -> out.printf("  %-12s %s%n", k + ":", v));
        Map<String, String> lacks = (Map<String, String>) d.getOrDefault("unsupported", Map.of());
        if (lacks.isEmpty()) {
            out.println("  unsupported: none");
        } else {
            lacks.forEach((k, v) -> out.printf("  unsupported: %s: %s%n", k, v));
        }
    }

    private static String or(Object o) {
        return o == null ? "?" : o.toString();
    }
}
