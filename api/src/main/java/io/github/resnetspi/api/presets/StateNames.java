package io.github.resnetspi.api.presets;

import io.github.resnetspi.api.StateLayout;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The names other code gives a preset's state, and the renaming to and from the library's names
 * ({@code stem.conv.weight}, {@code stageK.blockJ.bn1.running_mean}, {@code fc.bias}: see {@link ParameterSpec}).
 * The one place that knows them:
 * <ul>
 *   <li>{@link Convention#TORCHVISION}: the {@code state_dict} names of {@code torchvision.models.resnet18} …
 *       {@code resnet152} ({@code conv1}, {@code bn1}, {@code layerK.J.conv1}, {@code layerK.J.downsample.0} and
 *       {@code .1} for the projection's conv and BN, {@code fc}), for the presets of the same names;</li>
 *   <li>{@link Convention#D2L}: the {@code state_dict} names of the d2l.ai chapter "Residual Networks" model,
 *       {@code nn.Sequential(b1, b2, b3, b4, b5, AdaptiveAvgPool2d, Flatten, Linear)}, for {@code d2l-resnet18}:
 *       {@code stem.conv} → {@code 0.0}, {@code stem.bn} → {@code 0.1}, {@code stageK.blockJ.x} → {@code K.J.x},
 *       the 1×1 shortcut {@code stageK.block0.shortcut} → {@code K.0.conv3}, {@code fc} → {@code 7};</li>
 *   <li>{@link Convention#RESNET_SPI}: the library's own names, for every preset.</li>
 * </ul>
 * Only parameters and batch-norm running statistics are renamed: a PyTorch {@code state_dict} holds no momentum
 * buffers, and its integer {@code num_batches_tracked} counters (named by {@link #batchCounters()}) are no state of
 * this library.
 */
public final class StateNames {
    /** A naming convention for a network's state. */
    public enum Convention {
        /** The library's own names. */
        RESNET_SPI("resnet-spi"),
        /** torchvision's ResNet {@code state_dict} names. */
        TORCHVISION("torchvision"),
        /** The d2l.ai chapter's {@code nn.Sequential} {@code state_dict} names. */
        D2L("d2l");

        private final String label;

        Convention(String label) {
            this.label = label;
        }

        /** @return the name it is selected by: {@code resnet-spi}, {@code torchvision} or {@code d2l} */
        public String label() {
            return label;
        }

        /**
         * @param label {@code resnet-spi}, {@code torchvision} or {@code d2l} (any case)
         * @return that convention
         * @throws IllegalArgumentException listing the known labels
         */
        public static Convention parse(String label) {
            for (Convention c : values()) {
                if (c.label.equalsIgnoreCase(label)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown state names '" + label + "'; known: "
                    + Arrays.stream(values()).map(Convention::label).collect(Collectors.joining(", ")));
        }
    }

    /** PyTorch's per-batch-norm counter, an integer tensor beside {@code running_mean} and {@code running_var}. */
    public static final String BATCH_COUNTER = "num_batches_tracked";

    private static final List<String> TORCHVISION_PRESETS = List.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152");
    private static final List<String> D2L_PRESETS = List.of("d2l-resnet18");

    private static final List<Rule> TORCHVISION_RULES = List.of(
            new Rule("stem\\.conv\\.(.+)", "conv1.$1"),
            new Rule("stem\\.bn\\.(.+)", "bn1.$1"),
            new Rule("stage([1-4])\\.block(\\d+)\\.shortcut\\.conv\\.(.+)", "layer$1.$2.downsample.0.$3"),
            new Rule("stage([1-4])\\.block(\\d+)\\.shortcut\\.bn\\.(.+)", "layer$1.$2.downsample.1.$3"),
            new Rule("stage([1-4])\\.block(\\d+)\\.((?:conv|bn)[1-3])\\.(.+)", "layer$1.$2.$3.$4"),
            new Rule("fc\\.(.+)", "fc.$1"));
    private static final List<Rule> D2L_RULES = List.of(
            new Rule("stem\\.conv\\.(.+)", "0.0.$1"),
            new Rule("stem\\.bn\\.(.+)", "0.1.$1"),
            new Rule("stage([1-4])\\.block(\\d+)\\.shortcut\\.(.+)", "$1.$2.conv3.$3"),
            new Rule("stage([1-4])\\.block(\\d+)\\.((?:conv|bn)[12])\\.(.+)", "$1.$2.$3.$4"),
            new Rule("fc\\.(.+)", "7.$1"));

    private final Network network;
    private final Convention convention;
    private final Map<String, String> toForeign;
    private final Map<String, String> toOurs;

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }

    private StateNames(Network network, Convention convention, List<Rule> rules) {
        this.network = network;
        this.convention = convention;
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> in = new LinkedHashMap<>();
        for (ParameterSpec p : network.parameters()) {
            String foreign = rules == null ? p.name() : rename(rules, p.name());
            if (in.put(foreign, p.name()) != null) {
                throw new IllegalStateException(convention.label() + " names " + foreign + " twice in " + network.name());
            }
            out.put(p.name(), foreign);
        }
        this.toForeign = Collections.unmodifiableMap(out);
        this.toOurs = Collections.unmodifiableMap(in);
    }

    /**
     * @param convention a naming convention
     * @return the presets whose state it names: every preset for {@link Convention#RESNET_SPI}
     */
    public static List<String> presets(Convention convention) {
        return switch (convention) {
            case RESNET_SPI -> Presets.names();
            case TORCHVISION -> TORCHVISION_PRESETS;
            case D2L -> D2L_PRESETS;
        };
    }

    /**
     * @param network    a preset's network, built for any input size and number of classes
     * @param convention the names wanted
     * @return the renaming between the library's names of {@code network}'s state and {@code convention}'s
     * @throws IllegalArgumentException when {@code convention} does not name that preset's state, saying which presets
     *                                  each convention fits
     */
    public static StateNames of(Network network, Convention convention) {
        if (!presets(convention).contains(network.name())) {
            throw new IllegalArgumentException("model " + network.name() + " has no " + convention.label()
                    + " state names: torchvision names fit " + String.join(", ", TORCHVISION_PRESETS)
                    + "; d2l names fit " + String.join(", ", D2L_PRESETS) + "; resnet-spi names fit every model");
        }
        return new StateNames(network, convention, switch (convention) {
            case RESNET_SPI -> null;
            case TORCHVISION -> TORCHVISION_RULES;
            case D2L -> D2L_RULES;
        });
    }

    /** @return the convention these names follow */
    public Convention convention() {
        return convention;
    }

    /** @return each state name of the library (parameters and running statistics) with its name in this convention */
    public Map<String, String> foreignNames() {
        return toForeign;
    }

    /**
     * @param ours a parameter or running statistic of the network, e.g. {@code stem.bn.running_var}
     * @return its name in this convention, e.g. {@code bn1.running_var}
     * @throws IllegalArgumentException when the network has no such entry
     */
    public String foreign(String ours) {
        String f = toForeign.get(ours);
        if (f == null) {
            throw new IllegalArgumentException("'" + ours + "' is no parameter or running statistic of " + network.name());
        }
        return f;
    }

    /**
     * @param foreign a name in this convention, e.g. {@code 1.0.conv1.weight}
     * @return the library's name of that entry, e.g. {@code stage1.block0.conv1.weight}
     * @throws IllegalArgumentException when this convention has no such name for the network
     */
    public String ours(String foreign) {
        String o = toOurs.get(foreign);
        if (o == null) {
            throw new IllegalArgumentException("'" + foreign + "' is not a " + convention.label() + " state name of "
                    + network.name() + " (they are " + example() + "); name the convention the file was written in");
        }
        return o;
    }

    /**
     * @return the names of PyTorch's integer {@value #BATCH_COUNTER} entries in this convention, one per batch norm,
     *         which {@code load_state_dict(strict=True)} requires
     */
    public List<String> batchCounters() {
        List<String> out = new ArrayList<>();
        for (ParameterSpec p : network.parameters()) {
            if (p.kind() == ParameterKind.RUNNING_MEAN) {
                String f = toForeign.get(p.name());
                out.add(f.substring(0, f.length() - "running_mean".length()) + BATCH_COUNTER);
            }
        }
        return out;
    }

    /**
     * @param ours the library's state, or part of it (momentum buffers, which have no name here, are left out)
     * @return the same tensors under this convention's names, in the same order
     */
    public NamedTensors toForeign(NamedTensors ours) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        ours.asMap().forEach((name, t) -> {
            if (!StateLayout.isMomentumBuffer(name)) {
                out.put(foreign(name), t);
            }
        });
        return NamedTensors.of(out);
    }

    /**
     * @param foreign tensors under this convention's names
     * @return the same tensors under the library's names, in the same order
     * @throws IllegalArgumentException naming the first tensor this convention does not name for the network
     */
    public NamedTensors toOurs(NamedTensors foreign) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        foreign.asMap().forEach((name, t) -> out.put(ours(name), t));
        return NamedTensors.of(out);
    }

    private String example() {
        List<String> names = new ArrayList<>(toOurs.keySet());
        return String.format(Locale.ROOT, "'%s', '%s', ...", names.get(0), names.get(Math.min(1, names.size() - 1)));
    }

    private String rename(List<Rule> rules, String ours) {
        for (Rule r : rules) {
            Matcher m = r.pattern().matcher(ours);
            if (m.matches()) {
                return m.replaceFirst(r.replacement());
            }
        }
        throw new IllegalStateException("no " + convention.label() + " name for '" + ours + "' of " + network.name());
    }
}
