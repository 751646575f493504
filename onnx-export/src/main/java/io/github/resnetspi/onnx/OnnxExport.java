package io.github.resnetspi.onnx;

import com.google.protobuf.ByteString;
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
import io.github.resnetspi.api.graph.ParameterKind;
import io.github.resnetspi.api.graph.ParameterSpec;
import io.github.resnetspi.api.graph.Relu;
import io.github.resnetspi.api.graph.Shape;
import io.github.resnetspi.api.graph.WindowOp;
import io.github.resnetspi.api.tensor.FloatTensor;
import io.github.resnetspi.api.tensor.NamedTensors;
import io.github.resnetspi.onnx.proto.OnnxProto.AttributeProto;
import io.github.resnetspi.onnx.proto.OnnxProto.GraphProto;
import io.github.resnetspi.onnx.proto.OnnxProto.ModelProto;
import io.github.resnetspi.onnx.proto.OnnxProto.NodeProto;
import io.github.resnetspi.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.github.resnetspi.onnx.proto.OnnxProto.StringStringEntryProto;
import io.github.resnetspi.onnx.proto.OnnxProto.TensorProto;
import io.github.resnetspi.onnx.proto.OnnxProto.TensorShapeProto;
import io.github.resnetspi.onnx.proto.OnnxProto.TypeProto;
import io.github.resnetspi.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a {@link Network} and its state (parameters and batch-norm running statistics, as a checkpoint or a backend's
 * {@code exportState()} holds them) as an ONNX model for inference: opset {@value #OPSET}, IR version
 * {@value #IR_VERSION}, float32, NCHW input {@value #INPUT} of shape (N, C, H, W) with a free batch dimension
 * {@value #BATCH}, output {@value #OUTPUT}, every tensor of the state as an initializer. Batch norm is exported in its
 * inference form (running statistics, the network's ε); pooling keeps its explicit pads and, for average pooling, the
 * network's {@code countIncludePad}. The mapping of each op is in {@code docs/onnx.md}.
 */
public final class OnnxExport {
    /** The ONNX operator set the model imports (default domain). */
    public static final int OPSET = 13;
    /** The ONNX IR version of the model: 7, the IR of opset 13. */
    public static final long IR_VERSION = 7;
    /** Name of the graph input, (N, C, H, W) float32. */
    public static final String INPUT = "input";
    /** Name of the graph output: the network's output with the batch axis first. */
    public static final String OUTPUT = "output";
    /** The symbolic name of the batch dimension of input and output. */
    public static final String BATCH = "N";
    /** Metadata key naming the network. */
    public static final String META_NETWORK = "resnet-spi.network";
    /** Metadata key naming where the state came from (a checkpoint file, a backend). */
    public static final String META_SOURCE = "resnet-spi.source";
    /** Metadata key giving the input shape per example, {@code CxHxW}. */
    public static final String META_INPUT = "resnet-spi.input";

    private OnnxExport() {
    }

    /**
     * Builds the ONNX model of {@code network} with the weights of {@code state}.
     *
     * @param network the network
     * @param state   every tensor the network names ({@link Network#parameters()}), of its shape, and nothing else
     * @param source  where the state came from (e.g. the checkpoint's path), recorded in the model's doc string and
     *                metadata
     * @return the model
     * @throws OnnxExportException when the state does not fit the network
     */
    public static ModelProto model(Network network, NamedTensors state, String source) {
        checkState(network, state);
        GraphProto.Builder graph = GraphProto.newBuilder().setName(network.name());
        for (ParameterSpec p : network.parameters()) {
            graph.addInitializer(initializer(p.name(), state.get(p.name())));
        }
        Shape in = network.inputShape();
        graph.addInput(valueInfo(INPUT, in));
        NodeWriter writer = new NodeWriter(network);
        for (Node n : network.nodes()) {
            graph.addNode(n.accept(writer));
        }
        graph.addOutput(valueInfo(OUTPUT, network.outputShape()));
        String inputText = in.dim(0) + "x" + in.dim(1) + "x" + in.dim(2);
        String doc = "resnet-spi network '" + network.name() + "' (input " + inputText + " per example), weights from "
                + source;
        graph.setDocString(doc);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("resnet-spi")
                .setModelVersion(1)
                .setDocString(doc)
                .setGraph(graph)
                .addMetadataProps(entry(META_NETWORK, network.name()))
                .addMetadataProps(entry(META_SOURCE, source))
                .addMetadataProps(entry(META_INPUT, inputText));
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        if (version != null) {
            model.setProducerVersion(version);
        }
        return model.build();
    }

    /**
     * The model of {@link #model} with every node's output also a graph output, for a consumer that reads each node's
     * tensor (under {@link #tensorName}); the network's output stays {@value #OUTPUT}.
     *
     * @param network the network
     * @param state   its state, as for {@link #model}
     * @param source  where the state came from
     * @return the model with one graph output per node
     * @throws OnnxExportException when the state does not fit the network
     */
    public static ModelProto modelWithEveryNodeOutput(Network network, NamedTensors state, String source) {
        ModelProto.Builder model = model(network, state, source).toBuilder();
        for (Node n : network.nodes()) {
            if (!n.name().equals(network.output())) {
                model.getGraphBuilder().addOutput(valueInfo(tensorName(network, n.name()), n.outputShape()));
            }
        }
        return model.build();
    }

    /**
     * @param network  the network
     * @param nodeName one of its nodes, or {@link Network#INPUT}
     * @return the name of the tensor holding that node's output in the exported graph: the node's name, except
     *         {@value #INPUT} for the network's input and {@value #OUTPUT} for its output node
     */
    public static String tensorName(Network network, String nodeName) {
        if (nodeName.equals(Network.INPUT)) {
            return INPUT;
        }
        return nodeName.equals(network.output()) ? OUTPUT : nodeName;
    }

    /**
     * Writes the model of {@link #model} to {@code file}.
     *
     * @param file    the {@code .onnx} file to write
     * @param network the network
     * @param state   its state
     * @param source  where the state came from
     * @throws IOException when the file cannot be written
     * @throws OnnxExportException when the state does not fit the network
     */
    public static void write(Path file, Network network, NamedTensors state, String source) throws IOException {
        ModelProto model = model(network, state, source);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    private static void checkState(Network network, NamedTensors state) {
        Set<String> missing = new TreeSet<>();
        List<String> misshaped = new ArrayList<>();
        for (ParameterSpec p : network.parameters()) {
            if (!state.contains(p.name())) {
                missing.add(p.name());
            } else if (!state.get(p.name()).shape().equals(p.shape())) {
                misshaped.add(p.name() + " is " + state.get(p.name()).shape() + ", the network needs " + p.shape());
            }
        }
        Set<String> extra = new TreeSet<>(state.names());
        network.parameters().forEach(p -> extra.remove(p.name()));
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + missing);
        }
        if (!misshaped.isEmpty()) {
            problems.add(String.join("; ", misshaped));
        }
        if (!extra.isEmpty()) {
            problems.add("tensors the network does not use " + extra);
        }
        if (!problems.isEmpty()) {
            throw new OnnxExportException("the state does not fit network '" + network.name() + "' (" + String.join("; ", problems)
                    + "): export the state of this network, with exactly the tensors it names");
        }
    }

    private static TensorProto initializer(String name, FloatTensor t) {
        ByteBuffer bytes = ByteBuffer.allocate(t.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(t.data());
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (int d = 0; d < t.shape().rank(); d++) {
            b.addDims(t.shape().dim(d));
        }
        return b.build();
    }

    /** A float32 value of shape (N, dims...), N symbolic. */
    private static ValueInfoProto valueInfo(String name, Shape perExample) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d = 0; d < perExample.rank(); d++) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(perExample.dim(d)));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** One ONNX node per network node; its output tensor is named after the node (the network's output: {@link #OUTPUT}). */
    private static final class NodeWriter implements OpVisitor<NodeProto> {
        private final Network network;

        NodeWriter(Network network) {
            this.network = network;
        }

        private String tensor(String nodeName) {
            return tensorName(network, nodeName);
        }

        private NodeProto.Builder node(Node n, String opType) {
            NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).setOpType(opType).addOutput(tensor(n.name()));
            n.inputs().forEach(i -> b.addInput(tensor(i)));
            return b;
        }

        @Override
        public NodeProto conv(Node n, Conv2d op) {
            NodeProto.Builder b = window(node(n, "Conv"), op).addInput(n.parameterName(ParameterKind.CONV_WEIGHT));
            if (op.bias()) {
                b.addInput(n.parameterName(ParameterKind.BIAS));
            }
            return b.build();
        }

        @Override
        public NodeProto batchNorm(Node n, BatchNorm2d op) {
            return node(n, "BatchNormalization")
                    .addInput(n.parameterName(ParameterKind.BN_GAMMA))
                    .addInput(n.parameterName(ParameterKind.BN_BETA))
                    .addInput(n.parameterName(ParameterKind.RUNNING_MEAN))
                    .addInput(n.parameterName(ParameterKind.RUNNING_VAR))
                    .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                            .setF((float) op.epsilon()))
                    .build();
        }

        @Override
        public NodeProto relu(Node n, Relu op) {
            return node(n, "Relu").build();
        }

        @Override
        public NodeProto add(Node n, Add op) {
            return node(n, "Add").build();
        }

        @Override
        public NodeProto maxPool(Node n, MaxPool2d op) {
            return window(node(n, "MaxPool"), op).addAttribute(ints("kernel_shape", op.kernelH(), op.kernelW())).build();
        }

        @Override
        public NodeProto avgPool(Node n, AvgPool2d op) {
            return window(node(n, "AveragePool"), op).addAttribute(ints("kernel_shape", op.kernelH(), op.kernelW()))
                    .addAttribute(intAttr("count_include_pad", op.countIncludePad() ? 1 : 0)).build();
        }

        @Override
        public NodeProto globalAvgPool(Node n, GlobalAvgPool op) {
            return node(n, "GlobalAveragePool").build();
        }

        @Override
        public NodeProto flatten(Node n, Flatten op) {
            return node(n, "Flatten").addAttribute(intAttr("axis", 1)).build();
        }

        @Override
        public NodeProto dense(Node n, Dense op) {
            NodeProto.Builder b = node(n, "Gemm").addInput(n.parameterName(ParameterKind.DENSE_WEIGHT))
                    .addAttribute(intAttr("transB", 1));
            if (op.bias()) {
                b.addInput(n.parameterName(ParameterKind.BIAS));
            }
            return b.build();
        }

        /** Strides and explicit pads ([top, left, bottom, right]: ONNX's begin values then end values); floor mode. */
        private static NodeProto.Builder window(NodeProto.Builder b, WindowOp op) {
            return b.addAttribute(ints("strides", op.strideH(), op.strideW()))
                    .addAttribute(ints("pads", op.padding().top(), op.padding().left(), op.padding().bottom(),
                            op.padding().right()));
        }

        private static AttributeProto ints(String name, long... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return a.build();
        }

        private static AttributeProto intAttr(String name, long value) {
            return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
        }
    }
}
