package io.github.resnetspi.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Chrome trace an engine profiler writes (libtorch's and MXNet's both do) and sums each op's <em>self</em>
 * time: its duration minus that of the ops nested inside it on the same thread, so that an autograd wrapper and the
 * kernel it calls are not counted twice. Complete events ({@code "ph": "X"}) and begin/end pairs are both read.
 */
final class ChromeTrace {
    private ChromeTrace() {
    }

    private record Span(String name, double start, double end) {
    }

    /** @return op name to summed self time in microseconds */
    static Map<String, Double> selfMicros(Path file) throws IOException {
        JsonElement root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = JsonParser.parseReader(r);
        }
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<Span>> byThread = new HashMap<>();
        Map<String, Deque<JsonObject>> open = new HashMap<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("ph") || !o.has("ts") || !o.has("name")) {
                continue;
            }
            String thread = o.has("pid") ? o.get("pid").getAsString() : "";
            thread += "/" + (o.has("tid") ? o.get("tid").getAsString() : "");
            String ph = o.get("ph").getAsString();
            double ts = o.get("ts").getAsDouble();
            switch (ph) {
                case "X" -> byThread.computeIfAbsent(thread, t -> new ArrayList<>())
                        .add(new Span(o.get("name").getAsString(), ts, ts + (o.has("dur") ? o.get("dur").getAsDouble() : 0)));
                case "B" -> open.computeIfAbsent(thread, t -> new ArrayDeque<>()).push(o);
                case "E" -> {
                    Deque<JsonObject> stack = open.get(thread);
                    if (stack != null && !stack.isEmpty()) {
                        JsonObject b = stack.pop();
                        byThread.computeIfAbsent(thread, t -> new ArrayList<>())
                                .add(new Span(b.get("name").getAsString(), b.get("ts").getAsDouble(), ts));
                    }
                }
                default -> {
                    // counters, metadata, flow events: no op time
                }
            }
        }
        Map<String, Double> self = new LinkedHashMap<>();
        for (List<Span> spans : byThread.values()) {
            spans.sort(Comparator.comparingDouble(Span::start).thenComparing(s -> -s.end()));
            Deque<double[]> stack = new ArrayDeque<>(); // {end, child time}
            Deque<Span> names = new ArrayDeque<>();
            for (Span s : spans) {
                while (!stack.isEmpty() && stack.peek()[0] <= s.start()) {
                    close(stack, names, self);
                }
                if (!stack.isEmpty()) {
                    stack.peek()[1] += s.end() - s.start();
                }
                stack.push(new double[] {s.end(), 0});
                names.push(s);
            }
            while (!stack.isEmpty()) {
                close(stack, names, self);
            }
        }
        return self;
    }

    private static void close(Deque<double[]> stack, Deque<Span> names, Map<String, Double> self) {
        double[] top = stack.pop();
        Span s = names.pop();
        self.merge(s.name(), Math.max(0, s.end() - s.start() - top[1]), Double::sum);
    }
}
