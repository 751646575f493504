package io.github.resnetspi.reference;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.resnetspi.api.graph.Add;
import io.github.resnetspi.api.graph.AvgPool2d;
import io.github.resnetspi.api.graph.BatchNorm2d;
import io.github.resnetspi.api.graph.Conv2d;
import io.github.resnetspi.api.graph.Dense;
import io.github.resnetspi.api.graph.Flatten;
import io.github.resnetspi.api.graph.GlobalAvgPool;
import io.github.resnetspi.api.graph.MaxPool2d;
import io.github.resnetspi.api.graph.Network;
import io.github.resnetspi.api.graph.Node;
import io.github.resnetspi.api.graph.OpVisitor;
import io.github.resnetspi.api.graph.Padding;

/** A network as the node list {@code src/test/python/torch_reference.py} rebuilds: every op with every attribute it pins. */
final class NetworkJson {
    private NetworkJson() {
    }

    static JsonObject of(Network net) {
        JsonObject o = new JsonObject();
        JsonArray input = new JsonArray();
        for (int d : net.inputShape().dims()) {
            input.add(d);
        }
        o.add("input", input);
        o.addProperty("output", net.output());
        JsonArray nodes = new JsonArray();
        for (Node n : net.nodes()) {
            JsonObject j = n.accept(ATTRIBUTES);
            j.addProperty("name", n.name());
            j.addProperty("op", n.op().kind());
            JsonArray ins = new JsonArray();
            n.inputs().forEach(ins::add);
            j.add("inputs", ins);
            nodes.add(j);
        }
        o.add("nodes", nodes);
        return o;
    }

    private static JsonArray pair(int a, int b) {
        JsonArray p = new JsonArray();
        p.add(a);
        p.add(b);
        return p;
    }

    private static JsonArray sides(Padding p) {
        JsonArray a = new JsonArray();
        a.add(p.top());
        a.add(p.bottom());
        a.add(p.left());
        a.add(p.right());
        return a;
    }

    private static final OpVisitor<JsonObject> ATTRIBUTES = new OpVisitor<>() {
        @Override
        public JsonObject conv(Node node, Conv2d op) {
            JsonObject j = new JsonObject();
            j.add("kernel", pair(op.kernelH(), op.kernelW()));
            j.add("stride", pair(op.strideH(), op.strideW()));
            j.add("padding", sides(op.padding()));
            j.addProperty("bias", op.bias());
            return j;
        }

        @Override
        public JsonObject batchNorm(Node node, BatchNorm2d op) {
            JsonObject j = new JsonObject();
            j.addProperty("epsilon", op.epsilon());
            j.addProperty("momentum", op.momentum());
            return j;
        }

        @Override
        public JsonObject relu(Node node, io.github.resnetspi.api.graph.Relu op) {
            return new JsonObject();
        }

        @Override
        public JsonObject add(Node node, Add op) {
            return new JsonObject();
        }

        @Override
        public JsonObject maxPool(Node node, MaxPool2d op) {
            JsonObject j = new JsonObject();
            j.add("kernel", pair(op.kernelH(), op.kernelW()));
            j.add("stride", pair(op.strideH(), op.strideW()));
            j.add("padding", sides(op.padding()));
            return j;
        }

        @Override
        public JsonObject avgPool(Node node, AvgPool2d op) {
            JsonObject j = new JsonObject();
            j.add("kernel", pair(op.kernelH(), op.kernelW()));
            j.add("stride", pair(op.strideH(), op.strideW()));
            j.add("padding", sides(op.padding()));
            j.addProperty("countIncludePad", op.countIncludePad());
            return j;
        }

        @Override
        public JsonObject globalAvgPool(Node node, GlobalAvgPool op) {
            return new JsonObject();
        }

        @Override
        public JsonObject flatten(Node node, Flatten op) {
            return new JsonObject();
        }

        @Override
        public JsonObject dense(Node node, Dense op) {
            JsonObject j = new JsonObject();
            j.addProperty("units", op.units());
            j.addProperty("bias", op.bias());
            return j;
        }
    };
}
