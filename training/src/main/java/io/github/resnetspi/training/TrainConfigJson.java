package io.github.resnetspi.training;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSerializer;
import io.github.resnetspi.api.train.LrSchedule;

/**
 * The JSON form of a {@link TrainConfig}, the one way a run's settings are stored (a comparison's plan, its cells):
 * the record's fields by name, the learning-rate schedule as {@code {"kind": "constant"}},
 * {@code {"kind": "step", "everyEpochs": K, "gamma": G}} or
 * {@code {"kind": "warmup-linear", "warmupEpochs": W, "totalEpochs": E}}. Reading runs the records' constructors, so a
 * stored value out of range is refused with the constructor's own message.
 */
public final class TrainConfigJson {
    private TrainConfigJson() {
    }

    /** {@code builder} able to write and read {@link TrainConfig}s. */
    public static GsonBuilder register(GsonBuilder builder) {
        return builder.registerTypeHierarchyAdapter(LrSchedule.class, (JsonSerializer<LrSchedule>) (s, type, ctx) -> {
            JsonObject o = new JsonObject();
            if (s instanceof LrSchedule.StepDecay d) {
                o.addProperty("kind", "step");
                o.addProperty("everyEpochs", d.everyEpochs());
                o.addProperty("gamma", d.gamma());
            } else if (s instanceof LrSchedule.WarmupLinear w) {
                o.addProperty("kind", "warmup-linear");
                o.addProperty("warmupEpochs", w.warmupEpochs());
                o.addProperty("totalEpochs", w.totalEpochs());
            } else {
                o.addProperty("kind", "constant");
            }
            return o;
        }).registerTypeHierarchyAdapter(LrSchedule.class, (JsonDeserializer<LrSchedule>) (json, type, ctx) -> {
            if (!json.isJsonObject() || !json.getAsJsonObject().has("kind")) {
                throw new JsonParseException("a learning-rate schedule needs its kind (constant, step, warmup-linear)");
            }
            JsonObject o = json.getAsJsonObject();
            String kind = o.get("kind").getAsString();
            try {
                return switch (kind) {
                    case "constant" -> LrSchedule.constant();
                    case "step" -> LrSchedule.stepDecay(o.get("everyEpochs").getAsInt(), o.get("gamma").getAsDouble());
                    case "warmup-linear" -> LrSchedule.warmupLinear(o.get("warmupEpochs").getAsDouble(),
                            o.get("totalEpochs").getAsDouble());
                    default -> throw new JsonParseException("unknown learning-rate schedule '" + kind
                            + "' (constant, step, warmup-linear)");
                };
            } catch (IllegalArgumentException refused) {
                // as for a record whose constructor refuses a value: the cause says which and why
                throw new IllegalStateException(refused.getMessage(), refused);
            } catch (NullPointerException missing) {
                throw new JsonParseException("the learning-rate schedule '" + kind + "' lacks one of its values");
            }
        });
    }
}
