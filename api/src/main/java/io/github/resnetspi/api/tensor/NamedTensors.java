package io.github.resnetspi.api.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An ordered, immutable map from names to tensors: node outputs, gradients, or a model's exported state
 * (parameters, BN running statistics and momentum buffers, named per {@link io.github.resnetspi.api.StateLayout}).
 */
public final class NamedTensors {
    private static final NamedTensors EMPTY = new NamedTensors(Map.of());
    private final Map<String, FloatTensor> tensors;

    private NamedTensors(Map<String, FloatTensor> tensors) {
        this.tensors = tensors;
    }

    /**
     * @param tensors name to tensor, in the order to keep
     * @return an immutable copy, in the map's iteration order
     */
    public static NamedTensors of(Map<String, FloatTensor> tensors) {
        return new NamedTensors(Collections.unmodifiableMap(new LinkedHashMap<>(tensors)));
    }

    /** @return the empty set */
    public static NamedTensors empty() {
        return EMPTY;
    }

    /**
     * @param name a tensor's name
     * @return the tensor of that name
     * @throws IllegalArgumentException naming it, and the names there are, when absent
     */
    public FloatTensor get(String name) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' (have " + tensors.size() + ": "
                    + abbreviate(tensors.keySet()) + ")");
        }
        return t;
    }

    /**
     * The one tensor of a single-entry set, such as the result of a forward pass that returns only the output node.
     *
     * @return the only tensor
     * @throws IllegalStateException when there is not exactly one
     */
    public FloatTensor single() {
        if (tensors.size() != 1) {
            throw new IllegalStateException("expected exactly one tensor, have " + tensors.size() + ": "
                    + abbreviate(tensors.keySet()));
        }
        return tensors.values().iterator().next();
    }

    /**
     * @param name a tensor's name
     * @return whether there is a tensor of that name
     */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** @return the names, in order */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** @return an unmodifiable view as an ordered map */
    public Map<String, FloatTensor> asMap() {
        return tensors;
    }

    /** @return the number of tensors */
    public int size() {
        return tensors.size();
    }

    /**
     * @param nameFilter which names to keep
     * @return the tensors whose names pass the filter, in order
     */
    public NamedTensors filter(Predicate<String> nameFilter) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (nameFilter.test(k)) {
                out.put(k, v);
            }
        });
        return new NamedTensors(Collections.unmodifiableMap(out));
    }

    /**
     * @param other tensors to add or replace
     * @return these tensors with {@code other}'s replacing or adding entries
     */
    public NamedTensors with(NamedTensors other) {
        Map<String, FloatTensor> out = new LinkedHashMap<>(tensors);
        out.putAll(other.tensors);
        return new NamedTensors(Collections.unmodifiableMap(out));
    }

    private static String abbreviate(Set<String> names) {
        return names.size() <= 8 ? names.toString() : names.stream().limit(8).toList() + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensors n && tensors.equals(n.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "NamedTensors" + tensors.keySet();
    }
}
