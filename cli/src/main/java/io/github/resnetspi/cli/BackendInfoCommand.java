package io.github.resnetspi.cli;

import com.google.gson.Gson;
import io.github.resnetspi.api.Backend;
import io.github.resnetspi.api.BackendInfo;
import io.github.resnetspi.api.Causes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Hidden helper of {@code backends}: one backend's info as one JSON line, in a JVM of its own. */
@Command(name = "backend-info", hidden = true, mixinStandardHelpOptions = true,
        description = "Print one backend's info as JSON (used by 'backends').")
public final class BackendInfoCommand implements Callable<Integer> {
    static final String MARKER = "BACKEND-INFO ";

    @Option(names = "--backend", required = true, paramLabel = "NAME")
    String backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Backend p = BackendArgument.select(backend);
        spec.commandLine().getOut().println(MARKER + new Gson().toJson(describe(p)));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Everything {@code backends} shows about a provider; loads its engine. */
    static Map<String, Object> describe(Backend p) {
        Map<String, Object> m = new LinkedHashMap<>();
        BackendInfo info;
        try {
            info = p.info();
        } catch (RuntimeException | LinkageError e) {
            info = BackendInfo.unavailable(p.name(), "?", "info() failed: " + Causes.of(e));
        }
        m.put("backend", p.name());
        m.put("rank", p.rank());
        m.put("artifact", p.artifact());
        m.put("engine", info.engine());
        m.put("version", info.engineVersion());
        m.put("available", info.available());
        m.put("problem", info.problem());
        m.put("devices", info.devices().stream().map(Object::toString).toList());
        m.put("details", info.details());
        Map<String, String> lacks = new LinkedHashMap<>();
        p.unsupported().forEach((k, v) -> lacks.put(k.name(), v));
        m.put("unsupported", lacks);
        return m;
    }
}
